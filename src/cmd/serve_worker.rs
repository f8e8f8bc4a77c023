//! `govkg serve-worker` (hidden): a worker process of `govkg serve`, which evaluates the
//! queries the server sends on its standard input (see `govkg::serve::work`).

use crate::cli::ServeWorkerArgs;

pub fn run(args: ServeWorkerArgs) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    govkg::serve::work(
        &args.store.path(),
        &args.services.policy(),
        stdin.lock(),
        std::io::BufWriter::new(stdout.lock()),
    )?;
    Ok(())
}
