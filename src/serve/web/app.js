// govkg's page: pick or write a query, run it against /query, show the rows (or, for
// CONSTRUCT, the triples and a diagram from /diagram), and link each row to the passage it
// comes from (/sources finds it, /document shows it highlighted). Plain JavaScript, no library.
'use strict';

const PREFIXES = [
  ['gk', 'https://w3id.org/govkg/ontology#'],
  ['region', 'https://w3id.org/govkg/id/region/'],
  ['platform', 'https://w3id.org/govkg/id/platform/'],
  ['initiative', 'https://w3id.org/govkg/id/initiative/'],
  ['doc', 'https://w3id.org/govkg/id/document/'],
  ['id', 'https://w3id.org/govkg/id/'],
  ['rdf', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'],
  ['rdfs', 'http://www.w3.org/2000/01/rdf-schema#'],
  ['xsd', 'http://www.w3.org/2001/XMLSchema#'],
  ['skos', 'http://www.w3.org/2004/02/skos/core#'],
  ['prov', 'http://www.w3.org/ns/prov#'],
  ['dcterms', 'http://purl.org/dc/terms/'],
  ['wd', 'http://www.wikidata.org/entity/'],
];

const $ = (id) => document.getElementById(id);
const editor = $('sparql');
const status = $('status');
const table = $('table');
const diagram = $('diagram');

function compact(iri) {
  for (const [prefix, ns] of PREFIXES) {
    if (iri.startsWith(ns)) {
      const local = iri.slice(ns.length);
      if (!local.includes('/')) return prefix + ':' + decodeURIComponentSafe(local);
    }
  }
  return '<' + iri + '>';
}

function decodeURIComponentSafe(s) {
  try { return decodeURIComponent(s); } catch (e) { return s; }
}

function codePoints(s) {
  return Array.from(s).length;
}

function setStatus(message, error) {
  status.textContent = message;
  status.className = error ? 'error' : '';
}

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// The named queries: the list to pick from.
async function loadNamedQueries() {
  const response = await fetch('/queries');
  const queries = await response.json();
  const select = $('named');
  for (const q of queries) {
    const option = el('option', { value: q.name }, q.question ? q.name + ' — ' + q.question : q.name);
    option.dataset.text = q.text;
    option.dataset.question = q.question;
    select.appendChild(option);
  }
  const byName = new Map(queries.map((q) => [q.name, q]));
  select.addEventListener('change', () => {
    const option = select.selectedOptions[0];
    if (!option || !option.value) {
      showParams(null);
      return;
    }
    editor.value = option.dataset.text;
    $('question').textContent = option.dataset.question;
    showParams(byName.get(option.value));
    updateDownloads();
  });
}

// A named query's parameters as form fields, each with the values the store suggests.
const suggested = new Map();
function showParams(query) {
  const form = $('params');
  form.replaceChildren();
  form.hidden = !query || !query.params.length;
  if (form.hidden) return;
  for (const p of query.params) {
    const id = 'param-' + p.name;
    const label = el('label', { for: id }, p.name);
    const input = el('input', { id, name: p.name, list: id + '-values', placeholder: p.default, autocomplete: 'off' });
    input.dataset.kind = p.kind;
    const list = el('datalist', { id: id + '-values' });
    const help = el('span', { class: 'param-help' }, p.help + ' (default ' + p.default + ')');
    const row = el('div', { class: 'param' });
    row.append(label, input, list, help);
    form.append(row);
    loadSuggestions(p.kind, list).catch(() => {});
  }
}

async function loadSuggestions(kind, list) {
  if (!suggested.has(kind)) {
    suggested.set(kind, fetch('/suggest?kind=' + encodeURIComponent(kind)).then((r) => r.json()));
  }
  const values = await suggested.get(kind);
  list.replaceChildren(...values.map((v) => el('option', { value: v })));
}

// The picked named query with the values in its fields bound, by the server (a value is a term
// in the query's VALUES clause, never spliced text).
async function boundQuery() {
  const option = $('named').selectedOptions[0];
  const fields = [...$('params').querySelectorAll('input')].filter((i) => i.value.trim());
  if (!option || !option.value || $('params').hidden || !fields.length) return editor.value;
  const params = new URLSearchParams({ name: option.value });
  for (const f of fields) params.append(f.name, f.value.trim());
  const response = await fetch('/bind?' + params.toString());
  const body = await response.text();
  if (!response.ok) throw new Error(body);
  return JSON.parse(body).query;
}

function updateDownloads(query) {
  const q = encodeURIComponent(query || editor.value);
  $('csv').href = '/query?format=csv&query=' + q;
  $('json').href = '/query?format=json&query=' + q;
}

// One term of the JSON results, or of N-Triples, as a table cell.
function termCell(term) {
  const td = el('td');
  if (!term) return td;
  if (term.type === 'uri') {
    td.className = 'iri';
    td.textContent = compact(term.value);
    td.title = term.value;
  } else if (term.type === 'bnode') {
    td.className = 'iri';
    td.textContent = '_:' + term.value;
  } else {
    // A label's language is the cell's lang (for fonts and screen readers), not text after it.
    td.textContent = term.value;
    if (term['xml:lang']) td.lang = term['xml:lang'];
  }
  return td;
}

function sourceHref(source) {
  return '/document?file=' + encodeURIComponent(source.file) + '&start=' + source.start +
    '&end=' + source.end + '#quote';
}

function openSource(source) {
  const href = sourceHref(source);
  $('source').src = href;
  $('source-open').href = href;
  $('source-title').textContent = source.file + ' · ' + source.quote;
  $('source-panel').hidden = false;
  document.querySelector('main').classList.add('with-source');
}

$('source-close').addEventListener('click', () => {
  $('source-panel').hidden = true;
  document.querySelector('main').classList.remove('with-source');
  $('source').src = 'about:blank';
});

// Rows (objects of variable → term) and their columns drawn as a table, with a source column
// filled in once /sources has answered.
function drawTable(vars, rows) {
  table.replaceChildren();
  // Offsets are for the source link, not for reading: a row naming its file and start is linked
  // to that very passage instead of showing the numbers.
  const offsets = vars.includes('file') && vars.includes('start') ? ['start', 'end'] : [];
  const shown = vars.filter((v) => !offsets.includes(v));
  const head = el('tr');
  for (const v of shown) head.appendChild(el('th', {}, v));
  head.appendChild(el('th', {}, 'source'));
  const thead = el('thead');
  thead.appendChild(head);
  table.appendChild(thead);
  const tbody = el('tbody');
  const cells = [];
  for (const row of rows) {
    const tr = el('tr');
    for (const v of shown) tr.appendChild(termCell(row[v]));
    const source = el('td', { class: 'source' });
    tr.appendChild(source);
    tbody.appendChild(tr);
    cells.push(source);
  }
  table.appendChild(tbody);
  linkSources(vars, rows, cells);
}

// Where each row comes from: its own file and start (with its quote), else a quote it shows,
// else an IRI of a fact, a mention, a platform or an initiative in it.
async function linkSources(vars, rows, cells) {
  const quoteVars = vars.filter((v) => /quote/i.test(v));
  const iris = new Set();
  const quotes = new Set();
  for (const row of rows) {
    for (const v of vars) {
      const t = row[v];
      if (t && t.type === 'uri') iris.add(t.value);
    }
    for (const v of quoteVars) if (row[v] && row[v].type !== 'uri') quotes.add(row[v].value);
  }
  let found = { iris: {}, quotes: {} };
  if (iris.size || quotes.size) {
    try {
      const response = await fetch('/sources', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ iris: [...iris].slice(0, 2000), quotes: [...quotes].slice(0, 2000) }),
      });
      if (response.ok) found = await response.json();
    } catch (e) {
      // The rows stay without links.
    }
  }
  rows.forEach((row, i) => {
    const source = rowSource(row, vars, quoteVars, found);
    if (!source) return;
    const a = el('a', { href: sourceHref(source), class: 'source-link', title: source.quote }, 'source');
    a.addEventListener('click', (event) => {
      event.preventDefault();
      openSource(source);
    });
    cells[i].appendChild(a);
  });
}

function rowSource(row, vars, quoteVars, found) {
  const value = (v) => (row[v] ? row[v].value : undefined);
  const quote = quoteVars.map(value).find((q) => q !== undefined);
  if (value('file') !== undefined && value('start') !== undefined) {
    const start = Number(value('start'));
    const end = value('end') !== undefined ? Number(value('end')) :
      (quote !== undefined ? start + codePoints(quote) : start);
    return { file: value('file'), start, end, quote: quote || '' };
  }
  if (quote !== undefined && found.quotes[quote] && found.quotes[quote].length) {
    return found.quotes[quote][0];
  }
  for (const v of vars) {
    const t = row[v];
    if (t && t.type === 'uri' && found.iris[t.value] && found.iris[t.value].length) {
      return found.iris[t.value][0];
    }
  }
  return null;
}

// N-Triples as oxigraph writes them: one triple a line.
function parseNTriples(text) {
  const term = /<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([\w-]+)|\^\^<([^>]*)>)?/y;
  const unescape = (s) => s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})|\\(.)/g, (m, u4, u8, c) => {
    if (u4) return String.fromCodePoint(parseInt(u4, 16));
    if (u8) return String.fromCodePoint(parseInt(u8, 16));
    return { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }[c] || c;
  });
  const triples = [];
  for (const line of text.split('\n')) {
    let rest = line.trim();
    if (!rest || rest.startsWith('#')) continue;
    const parts = [];
    let pos = 0;
    while (parts.length < 3) {
      while (rest[pos] === ' ' || rest[pos] === '\t') pos++;
      term.lastIndex = pos;
      const m = term.exec(rest);
      if (!m) break;
      pos = term.lastIndex;
      if (m[1] !== undefined) parts.push({ type: 'uri', value: m[1] });
      else if (m[2] !== undefined) parts.push({ type: 'bnode', value: m[2] });
      else {
        const lit = { type: 'literal', value: unescape(m[3]) };
        if (m[4]) lit['xml:lang'] = m[4];
        if (m[5]) lit.datatype = m[5];
        parts.push(lit);
      }
    }
    if (parts.length === 3) triples.push({ subject: parts[0], predicate: parts[1], object: parts[2] });
  }
  return triples;
}

async function drawDiagram(query) {
  diagram.replaceChildren(el('p', { class: 'hint' }, 'drawing…'));
  const lang = $('english').checked ? 'en' : 'zh';
  const response = await fetch('/diagram?lang=' + lang + '&query=' + encodeURIComponent(query));
  if (!response.ok) {
    diagram.replaceChildren(el('p', { class: 'error' }, 'no diagram: ' + (await response.text())));
    return;
  }
  const blob = await response.blob();
  const img = el('img', { id: 'diagram-image', alt: 'diagram of the CONSTRUCT results' });
  img.src = URL.createObjectURL(blob);
  diagram.replaceChildren(img);
}

// The server's hints about a query that may answer nothing (a misspelt term, a label without
// its language tag), one `govkg-warning` header each, percent-encoded.
function showWarnings(header) {
  if (!header) return;
  const items = header.split(',').map((w) => w.trim()).filter((w) => w);
  $('warnings').replaceChildren(
    ...items.map((w) => el('li', {}, 'warning: ' + decodeURIComponentSafe(w.replace(/\+/g, ' ')))),
  );
}

async function run() {
  let query;
  try {
    query = await boundQuery();
  } catch (e) {
    setStatus(String(e.message || e), true);
    return;
  }
  updateDownloads(query);
  $('run').disabled = true;
  setStatus('running…');
  table.replaceChildren();
  diagram.replaceChildren();
  $('warnings').replaceChildren();
  const started = performance.now();
  try {
    const response = await fetch('/query', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/sparql-results+json, application/n-triples;q=0.9',
      },
      body: 'query=' + encodeURIComponent(query),
    });
    const elapsed = Math.round(performance.now() - started);
    showWarnings(response.headers.get('govkg-warning'));
    const body = await response.text();
    if (!response.ok) {
      setStatus(response.status + ' ' + response.statusText + ': ' + body, true);
      return;
    }
    const truncated = response.headers.get('govkg-truncated');
    const note = truncated ? ' (the server answers at most ' + truncated + '; the rest are left out)' : '';
    const type = response.headers.get('content-type') || '';
    if (type.includes('n-triples')) {
      const triples = parseNTriples(body);
      setStatus(triples.length + ' triples in ' + elapsed + ' ms' + note);
      drawTable(['subject', 'predicate', 'object'], triples);
      if (triples.length) drawDiagram(query);
      return;
    }
    const data = JSON.parse(body);
    if (typeof data.boolean === 'boolean') {
      setStatus('answer: ' + data.boolean + ' (' + elapsed + ' ms)');
      return;
    }
    const rows = data.results.bindings;
    setStatus(rows.length + (rows.length === 1 ? ' row' : ' rows') + ' in ' + elapsed + ' ms' + note);
    drawTable(data.head.vars, rows);
  } catch (e) {
    setStatus('the query could not be sent: ' + e, true);
  } finally {
    $('run').disabled = false;
  }
}

$('run').addEventListener('click', run);
// Enter in a parameter's field runs the query (a form of several fields has no implicit
// submission).
$('params').addEventListener('submit', (event) => event.preventDefault());
$('params').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && event.target.tagName === 'INPUT') {
    event.preventDefault();
    run();
  }
});
editor.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  }
});
editor.addEventListener('input', () => {
  updateDownloads();
  // Edited by hand: no longer the named query picked.
  const select = $('named');
  const option = select.selectedOptions[0];
  if (option && option.value && option.dataset.text !== editor.value) {
    select.value = '';
    $('question').textContent = '';
    showParams(null);
  }
});
updateDownloads();
loadNamedQueries().catch((e) => setStatus('cannot load the named queries: ' + e, true));
