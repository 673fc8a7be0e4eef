// Progressive enhancement only: every page works without this file.
// When a province is chosen on the organisation form, offer its communes as suggestions.
(function () {
  var select = document.getElementById("commune_province");
  var eraSelect = document.getElementById("commune_era");
  var list = document.getElementById("commune-options");
  if (!select || !list) return;
  function load() {
    var option = select.options[select.selectedIndex];
    if (!option || !option.value) return;
    var era = option.getAttribute("data-era") || "2025";
    if (eraSelect) eraSelect.value = era;
    fetch("/api/v1/admin-units/communes?era=" + era + "&province=" + encodeURIComponent(option.value))
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (communes) {
        list.innerHTML = "";
        communes.forEach(function (c) {
          var o = document.createElement("option");
          o.value = c.code;
          o.label = c.name;
          o.textContent = c.name;
          list.appendChild(o);
        });
      })
      .catch(function () {});
  }
  select.addEventListener("change", load);
  load();
})();

// A form with errors: bring the summary into view and to the keyboard.
(function () {
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();

// A file chooser that fills a text area (the scorecard upload), so that the form posts text.
(function () {
  document.querySelectorAll("input[type=file][data-fills]").forEach(function (input) {
    var target = document.getElementById(input.getAttribute("data-fills"));
    if (!target) return;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () { target.value = reader.result; };
      reader.readAsText(file, "utf-8");
    });
  });
})();

// A form is sent once: its buttons wait while it goes (the server also refuses a second sending of
// the same form, so this only spares a needless click).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form || (form.method || "").toLowerCase() !== "post") return;
  setTimeout(function () {
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
      b.disabled = true;
      b.setAttribute("aria-busy", "true");
    });
  }, 0);
});
// A page shown again from the browser's history offers its buttons again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("button[aria-busy=true]").forEach(function (b) {
    b.disabled = false;
    b.removeAttribute("aria-busy");
  });
});
