// Renders a plotly figure (JSON from warmte.ui.chart) with the basic partial bundle and speaks Streamlit's
// custom-component protocol (v1) by hand: componentReady -> render(args) -> setFrameHeight / setComponentValue.
(function () {
  "use strict";
  var plot = document.getElementById("chart");
  var frameHeight = -1;
  var select = false;
  var bound = false;
  var latest = null;
  var started = false;

  // Every chart is its own frame, and every frame would parse the 1.2 MB bundle on the page's one main thread:
  // load it only when the chart comes within a screen of the viewport, so the first chart does not wait for
  // the ones further down.
  function whenNear(callback) {
    if (!("IntersectionObserver" in window)) { callback(); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { observer.disconnect(); callback(); }
    }, { rootMargin: "100% 0px" });
    observer.observe(plot);
  }

  function loadPlotly() {
    var script = document.createElement("script");
    script.src = "plotly-basic.min.js";
    script.onload = function () { if (latest) { draw(latest); } };
    document.head.appendChild(script);
  }

  function send(type, data) {
    var message = { isStreamlitMessage: true, type: type };
    for (var k in data) { message[k] = data[k]; }
    window.parent.postMessage(message, "*");
  }

  function point(p) {
    var out = { curve_number: p.curveNumber, point_number: p.pointNumber, point_index: p.pointIndex,
                x: p.x, y: p.y };
    if (p.customdata !== undefined) { out.customdata = p.customdata; }
    if (p.location !== undefined) { out.location = p.location; }
    if (p.text !== undefined) { out.text = p.text; }
    return out;
  }

  function onClick(event) {
    if (!select || !event || !event.points) { return; }
    var points = event.points.map(point);
    send("streamlit:setComponentValue", {
      dataType: "json",
      value: { selection: { points: points, point_indices: points.map(function (p) { return p.point_index; }),
                            box: [], lasso: [] } }
    });
  }

  function render(args) {
    var fig = JSON.parse(args.spec);
    var layout = fig.layout || {};
    var height = args.height;
    select = !!args.select;
    if (args.lang) { document.documentElement.lang = args.lang; }
    if (height !== frameHeight) {
      frameHeight = height;
      send("streamlit:setFrameHeight", { height: height });
    }
    // the chart's accessible name is its title, as Streamlit gives st.plotly_chart (role figure, aria-label)
    var title = layout.title && (typeof layout.title === "string" ? layout.title : layout.title.text);
    if (title && !args.alt) {
      // DOMParser runs no script and loads nothing: the title's markup (<b>, <br>) becomes plain text
      var parsed = new DOMParser().parseFromString(String(title).replace(/<br\s*\/?>/gi, " "), "text/html");
      title = (parsed.body.textContent || "").replace(/\s+/g, " ").trim();
    }
    if (args.alt) { title = args.alt; }  // plain text from the server (st.plotly_chart's alt)
    if (title) {
      plot.setAttribute("role", "figure");
      plot.setAttribute("aria-label", title);
      document.title = title;
      // the frame's own title is what assistive technology announces for it (axe: frame-title); Streamlit names
      // the frame after the component, so it is set to the chart's title (same origin: the frame may do this)
      try { if (window.frameElement) { window.frameElement.title = title; } } catch (e) { /* not same-origin */ }
    }
    plot.style.height = height + "px";
    layout.height = height;
    layout.autosize = true;
    delete layout.width;
    latest = { fig: fig, layout: layout, config: args.config || {} };
    if (window.Plotly) { draw(latest); }
    else if (!started) { started = true; whenNear(loadPlotly); }
  }

  function draw(spec) {
    Plotly.react(plot, spec.fig.data || [], spec.layout, spec.config);
    if (!bound) {
      bound = true;
      plot.on("plotly_click", onClick);
    }
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (data && data.type === "streamlit:render" && data.args) { render(data.args); }
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();
