/**
 * The one inline script of a report page: drop-down filters over a table's rows, and a folded
 * section opened when a link (e.g. a claim in the table) leads to it. Every row of
 * a filterable table carries its filter columns' values as `data-f<i>` (i = column index); each
 * <select data-table=ID data-col=i> narrows the rows to that value ('' = any). Kept as plain
 * browser JavaScript text (no build step, no network) so the page stays one file; the row test
 * `ibhRowVisible` is a pure function the tests evaluate on their own.
 */
export const FILTER_SCRIPT = `
function ibhRowVisible(values, selected) {
  for (var col in selected) if (selected[col] !== '' && values[col] !== selected[col]) return false;
  return true;
}
function ibhApplyFilters(table) {
  var selects = document.querySelectorAll('select[data-table="' + table.id + '"]');
  var selected = {};
  for (var i = 0; i < selects.length; i++) selected[selects[i].getAttribute('data-col')] = selects[i].value;
  var rows = table.tBodies[0].rows, shown = 0;
  for (var r = 0; r < rows.length; r++) {
    var values = {};
    for (var col in selected) values[col] = rows[r].getAttribute('data-f' + col);
    var visible = ibhRowVisible(values, selected);
    rows[r].hidden = !visible;
    if (visible) shown++;
  }
  var count = document.getElementById(table.id + '-count');
  if (count) count.textContent = shown + ' of ' + rows.length + ' rows';
}
function ibhOpenTarget() {
  var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  var details = target ? target.querySelector('details') : null;
  if (details) details.open = true;
}
if (typeof document !== 'undefined') {
  window.addEventListener('hashchange', ibhOpenTarget);
  document.addEventListener('DOMContentLoaded', function () {
    ibhOpenTarget();
    var selects = document.querySelectorAll('select[data-table]');
    for (var i = 0; i < selects.length; i++) {
      selects[i].addEventListener('change', function (e) {
        ibhApplyFilters(document.getElementById(e.target.getAttribute('data-table')));
      });
    }
  });
}
`;
