// Swagger UI over Jobfit's OpenAPI document (served by the service: no CDN). "Authorize"
// takes the bearer token; it is kept only for this page (persistAuthorization: false).
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/docs.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
  });
};
