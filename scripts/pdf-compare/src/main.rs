fn main() {
    for path in std::env::args().skip(1) {
        let t0 = std::time::Instant::now();
        match std::panic::catch_unwind(|| pdf_extract::extract_text(&path)) {
            Ok(Ok(text)) => {
                std::fs::write(format!("{path}.pdfextract.txt"), &text).unwrap();
                eprintln!("{path}: {} chars in {:?}", text.chars().count(), t0.elapsed());
            }
            Ok(Err(e)) => eprintln!("{path}: error {e}"),
            Err(_) => eprintln!("{path}: panicked"),
        }
    }
}
