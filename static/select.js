// Progressive enhancement for the story page: selecting a passage of the story with the mouse (or
// keyboard) fills in the "from" and "to" fields in code points. Without this script the fields are
// filled in by hand; nothing else depends on it.
(function () {
  "use strict";
  var body = document.getElementById("story-body");
  var start = document.getElementById("start");
  var end = document.getElementById("end");
  var status = document.getElementById("selection-status");
  if (!body || !start || !end) { return; }

  function codePoints(text) { return Array.from(text).length; }

  function offsetOf(node, offset) {
    var range = document.createRange();
    range.selectNodeContents(body);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return; }
    var range = sel.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) { return; }
    var from = offsetOf(range.startContainer, range.startOffset);
    var to = offsetOf(range.endContainer, range.endOffset);
    if (to <= from) { return; }
    start.value = String(from);
    end.value = String(to);
    if (status) { status.textContent = status.getAttribute("data-filled"); }
  });
})();
