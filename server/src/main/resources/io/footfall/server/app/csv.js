// CSV built in the browser from the answer a page shows (funnels, retention, paths, active users,
// people), written the way the server's exports write theirs (export/Csv.java): RFC 4180, CRLF
// line ends, a header row, fields quoted when they hold a comma, a quote, CR or LF.
//
// Formula injection (OWASP "CSV injection"): a text cell that starts with = + - @ (or their
// full-width forms), a tab, CR or LF, also after leading spaces, gets a leading apostrophe, so a
// spreadsheet shows it as text instead of running it; an event named =HYPERLINK(...) stays text.
// Numbers are the server's own and stay numbers (a negative change can be summed).

const FORMULA_STARTS = '=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20';

/** One cell: '' for null and undefined, numbers and booleans as written, text neutralised. */
export function cell(value) {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string') {
    let i = 0;
    while (i < s.length && !FORMULA_STARTS.includes(s[i]) && /\s/.test(s[i])) i++;
    if (i < s.length && FORMULA_STARTS.includes(s[i])) s = "'" + s;
  }
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** The text of a CSV file: the header, then one line per row (each an array of values). */
export function csvText(head, rows) {
  return [head, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A data: address of the CSV, for a plain download link. */
export function csvHref(text) {
  return 'data:text/csv;charset=utf-8,' + encodeURIComponent(text);
}

/** Makes the browser download the CSV text as a file of that name. */
export function downloadCsv(name, text) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
