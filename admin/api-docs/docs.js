// Starts Redoc on /api/docs. A file of its own because the page's CSP allows no inline script.
(function () {
  var el = document.getElementById("reference");
  if (!el || !window.Redoc) return;
  window.Redoc.init(
    el.getAttribute("data-spec"),
    { sortTagsAlphabetically: true, lazyRendering: true },
    el,
  );
})();
