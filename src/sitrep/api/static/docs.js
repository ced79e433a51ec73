// Starts Swagger UI for /docs. Kept out of the page so the Content-Security-Policy can forbid inline script.
(function () {
  var holder = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: holder.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
  });
})();
