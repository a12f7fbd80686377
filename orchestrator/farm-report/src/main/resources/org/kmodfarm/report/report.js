// Filters of the kmodfarm HTML report: failed cells only, regressions only, one distro. Without script the
// report shows everything; the filters only hide.
(function () {
  var failed = document.getElementById('f-failed');
  var regressions = document.getElementById('f-regressions');
  var distro = document.getElementById('f-distro');
  function apply() {
    var d = distro.value;
    document.querySelectorAll('[data-distro]').forEach(function (e) {
      e.hidden = d !== '' && e.getAttribute('data-distro') !== d;
    });
    document.querySelectorAll('tbody tr').forEach(function (row) {
      var shown = false;
      row.querySelectorAll('td').forEach(function (td) {
        var match = !td.hidden && td.hasAttribute('data-outcome')
          && (!failed.checked || td.getAttribute('data-bad') === 'true')
          && (!regressions.checked || td.getAttribute('data-comparison') === 'REGRESSION');
        td.classList.toggle('dim', !match);
        shown = shown || match;
      });
      row.hidden = !shown;
    });
    document.querySelectorAll('.problems li').forEach(function (li) {
      li.hidden = (d !== '' && li.getAttribute('data-distro') !== d)
        || (regressions.checked && li.getAttribute('data-comparison') !== 'REGRESSION');
    });
  }
  [failed, regressions, distro].forEach(function (e) { e.addEventListener('change', apply); });
  apply();
})();
