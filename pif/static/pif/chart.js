// Progressive enhancement of server-rendered charts: the inline SVG is already accessible
// and printable; where scripts run, vega-embed redraws the same spec with hover values.
(function () {
  "use strict";
  function enhance(figure) {
    if (!window.vegaEmbed) { return; }
    fetch(figure.dataset.specUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
      .then(function (spec) {
        var serverSvg = figure.querySelector("svg");
        var label = serverSvg && serverSvg.querySelector("title");
        var target = document.createElement("div");
        spec.width = "container";
        // Styles come from chart.css: inline style elements break the Content-Security-Policy.
        var options = { actions: false, renderer: "svg", defaultStyle: false,
                        tooltip: { disableDefaultStyle: true } };
        return window.vegaEmbed(target, spec, options).then(function () {
          var svg = target.querySelector("svg");
          if (svg && label) {
            svg.setAttribute("role", "img");
            svg.setAttribute("aria-label", label.textContent);
          }
          figure.replaceChildren(target);
        });
      })
      .catch(function () { /* keep the server-rendered chart */ });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.pif-chart[data-spec-url]").forEach(enhance);
  });
})();
