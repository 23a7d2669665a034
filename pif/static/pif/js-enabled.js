// Tell GOV.UK Frontend's styles that scripts run, before the page is drawn. A file, not an
// inline script, so the Content-Security-Policy can refuse every inline script.
document.body.className += " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
