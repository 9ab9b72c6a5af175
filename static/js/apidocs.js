/* The API reference (/api/v1/docs): Swagger UI, vendored, with a plugin that keeps it
   accessible (WCAG 2.2 AA, checked by axe in tests/browser/test_api_tokens.py). */
(function () {
  "use strict";
  const root = document.documentElement;
  const mount = document.getElementById("swagger-ui");
  const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  const csrfToken = document.body.dataset.csrfToken;

  // Swagger UI's own dark styles hang on html.dark-mode: follow the person's choice, else the
  // system's, as the rest of the site does.
  const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");
  const followScheme = () => {
    const chosen = root.dataset.theme;
    root.classList.toggle("dark-mode", chosen ? chosen === "dark" : darkQuery.matches);
  };
  followScheme();
  darkQuery.addEventListener("change", followScheme);

  function AccessibleParts(system) {
    const h = system.React.createElement;
    return {
      wrapComponents: {
        // A button's visible words are its name (WCAG 2.5.3): Swagger UI names some
        // differently ("Authorize" read as "Apply credentials").
        Button: (Original) => (props) => h(Original, typeof props.children === "string"
          ? {...props, "aria-label": undefined} : props),
        // The token field has a visible label; its aria-label repeated the id instead.
        Input: (Original) => (props) => h(Original, props["aria-label"] === props.id
          ? {...props, "aria-label": undefined} : props),
        // The request body's editor has no label of its own.
        TextArea: (Original) => (props) => h(Original, {
          ...props, "aria-label": props["aria-label"] || props.title || mount.dataset.bodyLabel,
        }),
        // The dialog's close button holds only this icon: the icon names it.
        CloseIcon: (Original) => (props) => h(Original, {
          ...props, role: "img", "aria-hidden": "false", "aria-label": mount.dataset.closeLabel,
        }),
        // The path in an operation's summary sits inside the button that opens it: a link
        // there would be a control nested in a control. The tag headings keep their links,
        // and opening an operation still sets the address (deep linking).
        OperationSummaryPath: (Original) => (props) => h(Original, {
          ...props,
          operationProps: props.operationProps.set("isDeepLinkingEnabled", false),
        }),
      },
      components: {
        // Code (examples, the curl command, an answer) scrolls in its own box on a phone: it
        // takes the keyboard focus, so that the arrow keys scroll it.
        PlainTextViewer: ({className = "", children}) =>
          h("pre", {className: `microlight ${className}`, tabIndex: 0}, children),
        // Swagger UI's own container shows "Servers" as a plain span beside an unnamed
        // <select>: the same, with the title as the select's label.
        ServersContainer: function ServersContainer(props) {
          const servers = props.specSelectors.servers();
          if (!servers || !servers.size) return null;
          const Servers = props.getComponent("Servers");
          return h("div", null,
            h("label", {className: "servers-title", htmlFor: "servers"},
              mount.dataset.serversLabel),
            h(Servers, {
              servers,
              currentServer: props.oas3Selectors.selectedServer(),
              setSelectedServer: props.oas3Actions.setSelectedServer,
              setServerVariableValue: props.oas3Actions.setServerVariableValue,
              getServerVariable: props.oas3Selectors.serverVariableValue,
              getEffectiveServerValue: props.oas3Selectors.serverEffectiveValue,
            }));
        },
      },
    };
  }

  window.SwaggerUIBundle({
    ...settings,
    domNode: mount,
    presets: [window.SwaggerUIBundle.presets.apis],
    plugins: [AccessibleParts],
    // Swagger UI's colour themes for code fall short of 4.5:1: plain text, in our colours.
    syntaxHighlight: false,
    requestInterceptor: (request) => {
      if (csrfToken) request.headers["X-CSRFToken"] = csrfToken;
      return request;
    },
  });
})();
