/// The gradebook grid's keyboard, as a spreadsheet's: Enter moves down a column (Shift+Enter up) instead of saving,
/// and several cells pasted from a spreadsheet into one cell fill the cells to its right and below (nothing when
/// the block does not fit: the table's `data-paste-overflow` says so). Only an addition:
/// without JavaScript, Tab moves, Enter saves, and the paste box under the grid takes a spreadsheet's rows. Served
/// from this origin (`/assets/grid.js`), as the Content-Security-Policy allows. `spread`, `fits` and `below` are pure, so a
/// test runs them in Node.
enum GridScript {
    static let path = "/assets/grid.js"

    static let source = #"""
    "use strict";
    var EduGrid = {
      // Rows of cells from a spreadsheet's clipboard text (tab-separated, one line per row); nil for a single value.
      spread: function (text) {
        var lines = text.replace(/\r\n?/g, "\n").split("\n");
        if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
        if (lines.length === 1 && lines[0].indexOf("\t") < 0) return null;
        return lines.map(function (line) { return line.split("\t").map(function (cell) { return cell.trim(); }); });
      },
      // Whether a block of `values` pasted at row `row`, column `column` fits a grid of `rows` × `columns`.
      fits: function (values, row, column, rows, columns) {
        return row + values.length <= rows && values.every(function (line) { return column + line.length <= columns; });
      },
      // The row Enter moves to from `row` of `count` (Shift+Enter: up); the same row at either end.
      below: function (row, count, up) {
        var next = row + (up ? -1 : 1);
        return next < 0 || next >= count ? row : next;
      },
      attach: function (table) {
        var rows = Array.prototype.filter.call(table.querySelectorAll("tr"), function (row) { return row.querySelector("input[type=text]"); })
          .map(function (row) { return Array.prototype.slice.call(row.querySelectorAll("input[type=text]")); });
        function place(input) {
          for (var r = 0; r < rows.length; r++) { var c = rows[r].indexOf(input); if (c >= 0) return [r, c]; }
          return null;
        }
        table.addEventListener("keydown", function (event) {
          // Enter that ends an input method's composition (Vietnamese Telex, a phone keyboard) or comes with Ctrl, Alt
          // or Meta is not a move.
          if (event.isComposing || event.keyCode === 229 || event.ctrlKey || event.altKey || event.metaKey) return;
          var at = event.key === "Enter" ? place(event.target) : null;
          if (!at) return;
          event.preventDefault();
          var cell = rows[EduGrid.below(at[0], rows.length, event.shiftKey)][at[1]];
          if (cell) { cell.focus(); cell.select(); }
        });
        table.addEventListener("paste", function (event) {
          var at = place(event.target), text = event.clipboardData && event.clipboardData.getData("text/plain");
          var values = at && text ? EduGrid.spread(text) : null;
          if (!values) return;
          event.preventDefault();
          // All or nothing, as the paste box: a block running past the last student or column fills no cell.
          if (!EduGrid.fits(values, at[0], at[1], rows.length, rows[0].length)) {
            window.alert(table.getAttribute("data-paste-overflow"));
            return;
          }
          values.forEach(function (line, i) {
            line.forEach(function (value, j) {
              var cell = rows[at[0] + i] && rows[at[0] + i][at[1] + j];
              if (cell && !cell.disabled) cell.value = value;
            });
          });
        });
      }
    };
    if (typeof document !== "undefined") {
      var start = function () { Array.prototype.forEach.call(document.querySelectorAll("table.grid"), EduGrid.attach); };
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
    }
    if (typeof module !== "undefined") module.exports = EduGrid;
    """#
}
