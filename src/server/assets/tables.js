// costlens dashboards: tables sorted by any column, and tables stacked into cards on a phone. A module
// app.js imports (served as /assets/tables.js).

/**
 * Sorts a `table[data-sortable]` by any column: each header with `data-sort` (number, text or
 * confidence) becomes a button; a second press reverses the order. Cells sort by their
 * `data-sort-value`, else `data-value` (the exact figure), else their text; the header says the
 * order in `aria-sort`.
 */
export function sortable(table) {
  const body = table.tBodies[0];
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((head, column) => {
    const kind = head.dataset.sort;
    if (!kind) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.append(...head.childNodes);
    head.append(button);
    button.addEventListener('click', () => {
      const descending = head.getAttribute('aria-sort') !== 'descending';
      for (const other of heads) other.removeAttribute('aria-sort');
      head.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      const keyOf = (row) => {
        const cell = row.cells[column];
        const raw = cell.dataset.sortValue ?? cell.dataset.value ?? cell.textContent.trim();
        return kind === 'text' ? raw.toLowerCase() : Number(raw);
      };
      const rows = [...body.rows].filter((row) => row.cells.length === heads.length);
      rows.sort((a, b) => {
        const x = keyOf(a);
        const y = keyOf(b);
        const order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      body.append(...rows);
    });
  });
}

/**
 * Labels each cell of a `table.stack` but the first with its column's heading (`data-label`), for
 * app.css to show each row as a card on a phone: the row's name, then every other cell on a line of
 * its own after its label, so no money column is cut off at the card's edge. The footer's total
 * reads alike; a cell spanning several columns (a note, "3 findings") keeps no label. Without this
 * script the table scrolls inside its card, as every table does.
 */
export function stackable(table) {
  const heads = table.tHead ? [...table.tHead.rows[0].cells].map((cell) => cell.textContent.trim()) : [];
  for (const section of [...table.tBodies, ...(table.tFoot ? [table.tFoot] : [])]) {
    for (const row of section.rows) {
      let column = 0;
      for (const cell of row.cells) {
        if (column > 0 && cell.colSpan === 1 && heads[column]) cell.dataset.label = heads[column];
        column += cell.colSpan;
      }
    }
  }
  table.classList.add('stacked');
}
