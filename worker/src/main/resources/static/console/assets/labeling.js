// Keyboard shortcuts of the labeling page. The page works without them: every key has a button.
(function () {
  'use strict';
  function el(id) { return document.getElementById(id); }
  function toggle(yes, no) {
    var n = el(no), y = el(yes);
    if (n && y) { (n.checked ? y : n).click(); }
  }
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || !el('label-form')) { return; }
    var t = e.target;
    var typing = t && (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' ||
      (t.tagName === 'INPUT' && (t.type === 'text' || t.type === 'password')));
    if (typing) {
      if (e.key === 'Escape') { t.blur(); }
      return;
    }
    var handled = true;
    switch (e.key) {
      case 'y': el('right').click(); break;
      case 't': toggle('team-yes', 'team-no'); break;
      case 'm': toggle('template-yes', 'template-no'); break;
      case 's': el('safety').click(); break;
      case 'i': el('gold-intent').focus(); break;
      case 'n': el('note').focus(); break;
      case 'Enter': el('submit-label').click(); break;
      default: handled = false;
    }
    if (handled) { e.preventDefault(); }
  });
}());
