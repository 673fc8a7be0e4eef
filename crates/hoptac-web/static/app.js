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

// A form that cannot be undone asks first (hoptac_web::confirm): a dialog with the question and
// the record, and the form goes confirmed. Listening in the capture phase, it runs before the
// listeners below, which must see only a form that really goes.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form && form.querySelector && form.querySelector("[data-confirm-question]");
  if (!question || form.querySelector("input[name=confirmed]") || typeof HTMLDialogElement !== "function") return;
  event.preventDefault();
  event.stopImmediatePropagation();
  var subject = form.querySelector("input[name=confirm_subject]");
  var dialog = document.createElement("dialog");
  dialog.className = "confirm";
  dialog.setAttribute("aria-labelledby", "confirm-question");
  var heading = document.createElement("h2");
  heading.id = "confirm-question";
  heading.textContent = question.textContent;
  dialog.appendChild(heading);
  if (subject && subject.value) {
    var named = document.createElement("p");
    named.className = "lead";
    named.textContent = subject.value;
    dialog.appendChild(named);
  }
  var words = document.getElementById("confirm-words");
  var undoWords = words && words.getAttribute(question.hasAttribute("data-undoable") ? "data-can-undo" : "data-undo");
  if (undoWords) {
    var undo = document.createElement("p");
    undo.textContent = undoWords;
    dialog.appendChild(undo);
  }
  var actions = document.createElement("div");
  actions.className = "actions";
  var yes = document.createElement("button");
  yes.type = "button";
  yes.className = "danger";
  yes.textContent = words ? words.getAttribute("data-yes") : "OK";
  var no = document.createElement("button");
  no.type = "button";
  no.className = "secondary";
  no.textContent = words ? words.getAttribute("data-no") : "Cancel";
  actions.appendChild(yes);
  actions.appendChild(no);
  dialog.appendChild(actions);
  document.body.appendChild(dialog);
  dialog.addEventListener("close", function () { dialog.remove(); });
  no.addEventListener("click", function () { dialog.close(); });
  yes.addEventListener("click", function () {
    var confirmed = document.createElement("input");
    confirmed.type = "hidden";
    confirmed.name = "confirmed";
    confirmed.value = "yes";
    form.appendChild(confirmed);
    dialog.close();
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });
  dialog.showModal();
  no.focus();
}, true);

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

// A form sent after the session ended is not lost. Each form keeps what it sends in this tab's
// session storage until the next page shows: when that page is the sign-in page, it is kept, the
// server sends the person back to the page the form was on once signed in, and the form there is
// filled again. Any other page drops it. Passwords and the one-time tokens are never kept.
(function () {
  var PENDING = "hoptac-form-pending";
  var KEPT = "hoptac-form-kept";
  var store;
  try { store = window.sessionStorage; } catch (e) { return; }
  if (!store) return;
  function read(key) {
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }
  var here = location.pathname + location.search;
  var pending = read(PENDING);
  store.removeItem(PENDING);
  var signIn = document.querySelector("form[data-sign-in]");
  if (signIn) {
    if (pending) store.setItem(KEPT, JSON.stringify(pending));
    if (read(KEPT)) document.getElementById("form-kept").hidden = false;
  } else {
    var kept = read(KEPT);
    store.removeItem(KEPT);
    if (kept && kept.page === here) restore(kept);
  }

  function restore(kept) {
    var form = Array.prototype.find.call(document.forms, function (f) {
      return f.getAttribute("action") === kept.action;
    });
    if (!form) return;
    var values = {};
    kept.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || !(field.name in values) || !keeps(field)) return;
      var sent = values[field.name];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = sent.indexOf(field.value) >= 0;
      } else if (field.multiple) {
        Array.prototype.forEach.call(field.options, function (o) { o.selected = sent.indexOf(o.value) >= 0; });
      } else {
        field.value = sent.shift();
      }
    });
    // A check box left unticked is not sent: untick those the kept form did not send.
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.name && !(box.name in values)) box.checked = false;
    });
    var note = document.getElementById("form-restored");
    if (note) note.hidden = false;
  }

  function keeps(field) {
    return field.type !== "password" && field.type !== "file" && field.name !== "csrf_token" &&
      field.name !== "submission";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || (form.method || "").toLowerCase() !== "post" || form.hasAttribute("data-sign-in")) return;
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled || !keeps(field)) return;
      if ((field.type === "checkbox" || field.type === "radio") && !field.checked) return;
      if (field.multiple) {
        Array.prototype.forEach.call(field.selectedOptions, function (o) { fields.push([field.name, o.value]); });
      } else {
        fields.push([field.name, field.value]);
      }
    });
    try {
      store.setItem(PENDING, JSON.stringify({ page: here, action: form.getAttribute("action"), fields: fields }));
    } catch (e) { /* a full storage only loses this convenience */ }
  });
})();

// A job's progress: its status is fetched again every second until it has finished, without
// reloading the page (without this file, the page refreshes itself).
(function () {
  var section = document.querySelector("[data-refresh]");
  if (!section) return;
  var url = section.getAttribute("data-refresh");
  function poll() {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        section.innerHTML = html;
        if (!section.querySelector("[data-finished]")) setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();

// A field that names an organisation offers, as its words are typed, the organisations whose names
// hold them (without diacritics), each with its commune; the one chosen is sent as "name (#id)",
// which the server reads as that organisation. Without this, the server finds the name itself.
(function () {
  document.querySelectorAll("input[data-suggest=organisations]").forEach(function (input, n) {
    var list = input.list;
    if (!list) {
      list = document.createElement("datalist");
      list.id = "organisation-suggestions-" + n;
      input.insertAdjacentElement("afterend", list);
      input.setAttribute("list", list.id);
    }
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var words = input.value.trim();
      if (words.length < 2 || /\(#\d+\)$/.test(words) || words === asked) return;
      timer = setTimeout(function () {
        asked = words;
        fetch("/api/v1/organisations?per_page=8&q=" + encodeURIComponent(words), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (page) {
            list.innerHTML = "";
            page.items.forEach(function (o) {
              var option = document.createElement("option");
              option.value = o.name + " (#" + o.id + ")";
              option.label = o.commune_name + ", " + o.province_name;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 250);
    });
  });
})();
