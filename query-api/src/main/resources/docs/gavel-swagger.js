window.ui = SwaggerUIBundle({url: "/openapi.yml", dom_id: "#swagger-ui", deepLinking: true});
