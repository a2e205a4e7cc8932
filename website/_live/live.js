// The live widgets of the website: Pyodide runs autograd_mini's Python; this file only draws
// what Python returns and forwards the learner's events to it. No number of the lesson is
// computed here: losses, gradients, steps, probabilities, the line and the grading all come
// from live_playground.py / live_quiz.py on engine/value.py and quiz.py.
"use strict";

(function () {
  const script = document.currentScript;
  const liveBase = new URL(".", script.src); // .../_static/live/
  const pyodideBase = new URL("../pyodide/", liveBase);
  const LOAD_TIMEOUT_MS = 120000; // a slow or busy machine still gets there
  window.liveTimings = { start: performance.now() };

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = url;
      tag.onload = resolve;
      tag.onerror = () => reject(new Error("could not load " + url));
      document.head.appendChild(tag);
    });
  }

  function withTimeout(promise, ms) {
    return Promise.race([promise, new Promise((_, reject) =>
      setTimeout(() => reject(new Error("the runtime took longer than " + ms / 1000 + " s to start")), ms))]);
  }

  // The site build saved the booted runtime's memory (make_snapshot.mjs): restoring it skips
  // Python's start-up. Without a snapshot, or if it cannot be restored, Python starts from scratch.
  async function bootPython(snapshotName) {
    const options = { indexURL: pyodideBase.href, fullStdLib: false };
    if (snapshotName) {
      try {
        const response = await fetch(new URL(snapshotName, pyodideBase));
        if (!response.ok) throw new Error("snapshot: " + response.status);
        const pyodide = await window.loadPyodide({ ...options, _loadSnapshot: response.arrayBuffer() });
        pyodide.runPython("import random; random.seed()"); // every page its own random state
        window.liveTimings.snapshot = true;
        return pyodide;
      } catch (error) {
        console.warn("live widget: the start-up snapshot could not be used, starting Python from scratch:", error);
      }
    }
    window.liveTimings.snapshot = false;
    return window.loadPyodide(options);
  }

  // Start Python once per page and put the package's browser files into its file system.
  async function startPython() {
    // A missing WebAssembly module would leave the loader waiting: ask for it first.
    const wasm = await fetch(new URL("pyodide.asm.wasm", pyodideBase), { method: "HEAD" });
    if (!wasm.ok) throw new Error("the Python runtime is not on this server (" + wasm.status + ")");
    const manifest = await (await fetch(new URL("manifest.json", liveBase))).json();
    await loadScript(new URL("pyodide.js", pyodideBase).href);
    const pyodide = await bootPython(manifest.snapshot);
    window.liveTimings.runtime = performance.now();
    const root = "/home/pyodide/live";
    await Promise.all(manifest.python_files.map(async (relative) => {
      const response = await fetch(new URL("autograd_mini/" + relative, liveBase));
      if (!response.ok) throw new Error("could not load " + relative + " (" + response.status + ")");
      const text = await response.text();
      const path = root + "/autograd_mini/" + relative;
      pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
      pyodide.FS.writeFile(path, text);
    }));
    pyodide.runPython("import sys; sys.path.insert(0, '" + root + "')");
    return pyodide;
  }

  function fail(widget, error) {
    widget.dataset.state = "failed";
    const status = widget.querySelector(".live-status");
    status.classList.add("live-failed");
    status.innerHTML = "";
    const strong = document.createElement("strong");
    strong.textContent = "The live version could not start in this browser";
    status.append(strong, " (" + (error && error.message ? error.message : error) + "). ");
    status.insertAdjacentHTML("beforeend", widget.dataset.live === "quiz"
      ? "The questions are printed below, and <code>autograd-mini quiz</code> asks them in a terminal."
      : "The pictures below show what the playground does; the live one runs in Jupyter " +
        "(<code>autograd-mini tutorials</code>) or as a window (<code>autograd-mini playground</code>).");
    console.warn("live widget:", error);
  }

  // ------------------------------------------------------------------ the playground
  function playground(widget, pyodide) {
    const colours = JSON.parse(widget.dataset.colours);
    const points = JSON.parse(widget.querySelector(".live-points").textContent);
    pyodide.globals.set("live_points_json", JSON.stringify(points));
    const py = pyodide.runPython(
      "from autograd_mini.live_playground import LivePlayground\n" +
      "LivePlayground.from_json(live_points_json)");
    const view = JSON.parse(py.points_json());
    const canvas = widget.querySelector(".live-plane");
    const context = canvas.getContext("2d");
    const sliders = {};
    widget.querySelectorAll(".live-sliders input").forEach((input) => { sliders[input.name] = input; });
    const shade = widget.querySelector(".live-shade");
    const train = widget.querySelector(".live-train");
    const reset = widget.querySelector(".live-reset");
    const margin = { left: 44, right: 12, top: 12, bottom: 36 };
    const frameTimes = [];
    window.livePlayground = { frameTimes, python: py, state: null };
    let training = false;

    const [x0, x1] = view.xlim, [y0, y1] = view.ylim;
    const width = canvas.width - margin.left - margin.right;
    const height = canvas.height - margin.top - margin.bottom;
    const px = (x) => margin.left + ((x - x0) / (x1 - x0)) * width;
    const py_ = (y) => margin.top + ((y1 - y) / (y1 - y0)) * height;

    function hexToRgb(hex) {
      const n = parseInt(hex.slice(1), 16);
      return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    }
    const stops = [hexToRgb(colours.class_a), hexToRgb(colours.middle), hexToRgb(colours.class_b)];

    // Colour of a probability: cyan at 0, white at 0.5, rose at 1 (theme.probability_cmap), pale.
    function colourOf(p) {
      const [lo, hi, t] = p < 0.5 ? [stops[0], stops[1], p * 2] : [stops[1], stops[2], p * 2 - 1];
      const rgb = lo.map((c, i) => Math.round(255 - 0.45 * (255 - (c + (hi[i] - c) * t))));
      return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
    }

    // Python's shading is a gradient in the plane's own coordinates (x1, x2): draw it with the
    // canvas mapped onto the plane, so the bands stay parallel to the line.
    function drawShading(shading) {
      context.save();
      context.setTransform(width / (x1 - x0), 0, 0, -height / (y1 - y0),
                           margin.left - (x0 * width) / (x1 - x0), margin.top + (y1 * height) / (y1 - y0));
      if (shading.stops.length === 1) {
        context.fillStyle = colourOf(shading.stops[0][1]);
      } else {
        const gradient = context.createLinearGradient(shading.from[0], shading.from[1], shading.to[0], shading.to[1]);
        for (const [t, p] of shading.stops) gradient.addColorStop(t, colourOf(p));
        context.fillStyle = gradient;
      }
      context.fillRect(x0, y0, x1 - x0, y1 - y0);
      context.restore();
    }

    function drawAxes() {
      context.strokeStyle = colours.muted; context.lineWidth = 1;
      context.strokeRect(margin.left, margin.top, width, height);
      context.fillStyle = colours.ink; context.font = "12px sans-serif"; context.textAlign = "center";
      for (let t = Math.ceil(x0); t <= x1; t++) context.fillText(String(t), px(t), margin.top + height + 14);
      context.textAlign = "right";
      for (let t = Math.ceil(y0); t <= y1; t++) context.fillText(String(t), margin.left - 6, py_(t) + 4);
      context.textAlign = "center";
      context.fillText("x1", margin.left + width / 2, canvas.height - 4);
      context.save(); context.translate(12, margin.top + height / 2); context.rotate(-Math.PI / 2);
      context.fillText("x2", 0, 0); context.restore();
    }

    function draw(state) {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      if (state.shading) drawShading(state.shading);
      drawAxes();
      context.save();
      context.beginPath(); context.rect(margin.left, margin.top, width, height); context.clip();
      if (state.line) {
        context.strokeStyle = colours.boundary; context.lineWidth = 3;
        context.beginPath();
        context.moveTo(px(state.line[0][0]), py_(state.line[0][1]));
        context.lineTo(px(state.line[1][0]), py_(state.line[1][1]));
        context.stroke();
      }
      view.X.forEach(([a, b], i) => {
        if (state.misclassified[i]) {
          context.strokeStyle = colours.misclassified; context.lineWidth = 3;
          context.beginPath(); context.arc(px(a), py_(b), 10, 0, 2 * Math.PI); context.stroke();
        }
        context.fillStyle = view.y[i] === 1 ? colours.class_b : colours.class_a;
        context.strokeStyle = "#ffffff"; context.lineWidth = 1.5;
        context.beginPath(); context.arc(px(a), py_(b), 6, 0, 2 * Math.PI); context.fill(); context.stroke();
      });
      context.restore();
    }

    function show(state, moveSliders) {
      window.livePlayground.state = state;
      for (const name of ["w1", "w2", "b"]) {
        if (moveSliders) sliders[name].value = state[name];
        widget.querySelector(`output[data-for="${name}"]`).textContent = state[name].toFixed(2);
        widget.dataset[name] = String(state[name]); // full precision, for tests and the curious
      }
      widget.querySelector(".live-formula").textContent = state.formula;
      widget.querySelector(".live-accuracy").textContent = (100 * state.accuracy).toFixed(1) + "%";
      widget.querySelector(".live-errors").textContent = String(state.errors);
      widget.querySelector(".live-loss").textContent = state.loss.toFixed(3);
      widget.querySelector(".live-step").textContent = String(state.step);
      widget.dataset.loss = String(state.loss);
      widget.dataset.accuracy = String(state.accuracy);
      draw(state);
    }

    // Every call goes to Python; the answer is the state to draw.
    function ask(event) {
      return JSON.parse(py.dispatch(JSON.stringify({ ...event, shading: shade.checked })));
    }

    function setBusy(busy) {
      training = busy;
      widget.dataset.training = busy ? "yes" : "no";
      train.disabled = busy;
      for (const input of Object.values(sliders)) input.disabled = busy;
    }

    function frame() {
      if (!training) return;
      const begin = performance.now();
      const state = ask({ do: "step" });
      show(state, true);
      frameTimes.push(performance.now() - begin);
      if (state.done) { setBusy(false); widget.dataset.trained = "yes"; } else requestAnimationFrame(frame);
    }

    for (const [name, input] of Object.entries(sliders)) {
      input.addEventListener("input", () => { if (!training) show(ask({ do: "set", [name]: Number(input.value) }), false); });
    }
    shade.addEventListener("change", () => show(ask({ do: "state" }), false));
    reset.addEventListener("click", () => { setBusy(false); show(ask({ do: "reset" }), true); });
    train.addEventListener("click", () => {
      frameTimes.length = 0;
      widget.dataset.trained = "no";
      show(ask({ do: "start" }), false);
      setBusy(true);
      requestAnimationFrame(frame);
    });
    for (const control of [...Object.values(sliders), shade, train, reset]) control.disabled = false;
    show(ask({ do: "state" }), true);
  }

  // ------------------------------------------------------------------ the knowledge check
  function quiz(widget, pyodide) {
    const py = pyodide.runPython("import autograd_mini.live_quiz as live_quiz\nlive_quiz");
    const data = JSON.parse(py.questions_json());
    const form = widget.querySelector(".live-questions");
    const summary = widget.querySelector(".live-summary");
    const feedback = [];
    data.questions.forEach((question, index) => {
      const number = index + 1;
      const fieldset = document.createElement("fieldset");
      fieldset.className = "live-question";
      fieldset.dataset.number = String(number);
      const legend = document.createElement("legend");
      legend.textContent = `Question ${number}` + (question.topic ? ` (${question.topic})` : "");
      const prompt = document.createElement("p");
      prompt.textContent = question.prompt;
      fieldset.append(legend, prompt);
      for (const option of question.options) {
        const label = document.createElement("label");
        label.className = "live-option";
        const radio = document.createElement("input");
        radio.type = "radio"; radio.name = `q${number}`; radio.value = option.key;
        radio.addEventListener("change", () => { box.hidden = true; box.textContent = ""; });
        label.append(radio, ` ${option.key}) ${option.text}`);
        fieldset.append(label);
      }
      const box = document.createElement("div");
      box.className = "live-feedback"; box.hidden = true;
      feedback.push(box);
      fieldset.append(box);
      form.append(fieldset);
    });
    const button = document.createElement("button");
    button.type = "button"; button.className = "live-check"; button.textContent = "Check my answers";
    form.append(button);
    button.addEventListener("click", () => {
      const answers = data.questions.map((_, i) => {
        const chosen = form.querySelector(`input[name="q${i + 1}"]:checked`);
        return chosen ? chosen.value : null;
      });
      const result = JSON.parse(py.check_json(JSON.stringify(answers)));
      summary.innerHTML = "";
      if (result.missing) {
        summary.textContent = "Answer every question first; still open: question " + result.missing.join(", ") + ".";
        summary.dataset.score = "";
        return;
      }
      result.results.forEach((item, i) => {
        const box = feedback[i];
        box.hidden = false; box.textContent = "";
        box.className = "live-feedback " + (item.is_correct ? "live-right" : "live-wrong");
        item.lines.forEach((line, k) => {
          const p = document.createElement("p");
          if (k % 2 === 0) { const b = document.createElement("b"); b.textContent = line; p.append(b); } else p.textContent = line;
          box.append(p);
        });
      });
      const score = document.createElement("p");
      score.className = "live-score " + (result.passed ? "live-right" : "live-wrong");
      const strong = document.createElement("strong");
      strong.textContent = result.score_line;
      score.append(strong, document.createElement("br"), result.verdict);
      summary.append(score);
      summary.dataset.score = String(result.score);
    });
  }

  async function main() {
    const widgets = document.querySelectorAll(".live-widget");
    if (!widgets.length) return;
    let pyodide;
    try {
      pyodide = await withTimeout(startPython(), LOAD_TIMEOUT_MS);
    } catch (error) {
      widgets.forEach((widget) => fail(widget, error));
      return;
    }
    widgets.forEach((widget) => {
      try {
        (widget.dataset.live === "quiz" ? quiz : playground)(widget, pyodide);
        widget.querySelector(".live-status").textContent = "";
        widget.querySelector(".live-status").hidden = true;
        widget.dataset.state = "ready";
      } catch (error) {
        fail(widget, error);
      }
    });
    window.liveTimings.ready = performance.now();
  }

  main();
})();
