// The post editor's comforts, on top of django-markdownx (which does the live preview, drag and
// drop and paste): a formatting toolbar with keyboard shortcuts, an image upload button, and
// drafts kept on the server (and on this device while offline), restored when the member comes
// back, discarded on submit, with a warning before leaving unsaved text.
(function () {
  "use strict";

  var DRAFT_SAVE_DELAY_MS = 1500;
  var STORAGE_PREFIX = "gachi-draft:";
  var DRAFT_FIELDS = ["title", "body", "tags", "summary"];

  function alertText(text) {
    if (window.Gachi && window.Gachi.showAlert) window.Gachi.showAlert(text, "error");
  }

  function csrfToken(form) {
    var input = (form || document).querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  // Tell django-markdownx (and the draft keeper) that the text changed.
  function changed(textarea) {
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // Put `before` and `after` around the selection (or around `placeholder`, selected, when
  // nothing is), so typing replaces the placeholder.
  function wrap(textarea, before, after, placeholder) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var value = textarea.value;
    var selected = value.slice(start, end);
    var inner = selected || placeholder || "";
    textarea.focus();
    textarea.setRangeText(before + inner + after, start, end, "end");
    textarea.selectionStart = start + before.length;
    textarea.selectionEnd = start + before.length + inner.length;
    changed(textarea);
  }

  function insert(textarea, text) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    textarea.focus();
    textarea.setRangeText(text, start, end, "end");
    changed(textarea);
  }

  // A block (display math, a code block) starts and ends on lines of its own.
  function wrapBlock(textarea, opening, closing, placeholder) {
    var start = textarea.selectionStart;
    var before = textarea.value.slice(0, start);
    var lead = before === "" || /\n\n$/.test(before) ? "" : before.slice(-1) === "\n" ? "\n" : "\n\n";
    wrap(textarea, lead + opening + "\n", "\n" + closing + "\n", placeholder);
  }

  var ACTIONS = {
    bold: function (t, p) { wrap(t, "**", "**", p); },
    italic: function (t, p) { wrap(t, "*", "*", p); },
    code: function (t, p) {
      var selected = t.value.slice(t.selectionStart, t.selectionEnd);
      if (selected.indexOf("\n") !== -1) wrapBlock(t, "```", "```", p);
      else wrap(t, "`", "`", p);
    },
    math: function (t, p) { wrap(t, "$", "$", p); },
    display: function (t, p) { wrapBlock(t, "$$", "$$", p); },
    link: function (t, p) {
      var start = t.selectionStart, end = t.selectionEnd;
      var text = t.value.slice(start, end) || p;
      t.focus();
      t.setRangeText("[" + text + "](https://)", start, end, "end");
      // Select "https://" so the address can be typed or pasted over it.
      t.selectionStart = start + text.length + 3;
      t.selectionEnd = t.selectionStart + "https://".length;
      changed(t);
    },
  };

  var SHORTCUTS = { b: "bold", i: "italic", k: "link", e: "code", m: "math" };

  function upload(editor, textarea, file) {
    var url = textarea.getAttribute("data-markdownx-upload-urls-path");
    var body = new FormData();
    body.append("image", file);
    body.append("csrfmiddlewaretoken", csrfToken(textarea.form));
    editor.classList.add("is-uploading");
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.json().catch(function () { return {}; });
      })
      .then(function (data) {
        if (data.image_code) insert(textarea, data.image_code);
        else alertText(data.error || document.getElementById("alerts").dataset.errorText);
      })
      .catch(function () { alertText(document.getElementById("alerts").dataset.offlineText); })
      .then(function () { editor.classList.remove("is-uploading"); });
  }

  function initToolbar(editor) {
    var textarea = editor.querySelector("textarea");
    var toolbar = editor.querySelector("[data-editor-toolbar]");
    if (!textarea || !toolbar) return;
    var file = toolbar.querySelector("[data-editor-file]");
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-edit]");
      if (!button) return;
      var action = button.dataset.edit;
      if (action === "image") { file.click(); return; }
      ACTIONS[action](textarea, button.dataset.placeholder || "");
    });
    file.addEventListener("change", function () {
      if (file.files.length) upload(editor, textarea, file.files[0]);
      file.value = "";
    });
    textarea.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      var key = event.key.toLowerCase();
      var action = key === "m" && event.shiftKey ? "display" : SHORTCUTS[key];
      if (!action || (event.shiftKey && key !== "m")) return;
      event.preventDefault();
      var button = toolbar.querySelector("[data-edit='" + action + "']");
      ACTIONS[action](textarea, button ? button.dataset.placeholder : "");
    });
  }

  // --- Drafts --------------------------------------------------------------------------------

  function fieldsOf(form) {
    var values = {};
    DRAFT_FIELDS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && "value" in field) values[name] = field.value;
    });
    return values;
  }

  function fill(form, values) {
    Object.keys(values).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && "value" in field && DRAFT_FIELDS.indexOf(name) !== -1) {
        field.value = values[name];
        changed(field);
      }
    });
  }

  function same(a, b) {
    return DRAFT_FIELDS.every(function (name) { return (a[name] || "") === (b[name] || ""); });
  }

  function empty(values) {
    return DRAFT_FIELDS.every(function (name) { return !(values[name] || "").trim(); });
  }

  function readLocal(key) {
    try { return JSON.parse(window.localStorage.getItem(STORAGE_PREFIX + key)); }
    catch (error) { return null; }
  }

  function writeLocal(key, entry) {
    try {
      if (entry) window.localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(entry));
      else window.localStorage.removeItem(STORAGE_PREFIX + key);
    } catch (error) { /* private mode or full: the server copy still counts */ }
  }

  function timeText(iso) {
    var when = new Date(iso);
    return when.toLocaleString(document.documentElement.lang || undefined, {
      month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
    });
  }

  function initDraft(form) {
    var url = form.dataset.draft;
    var key = url;
    var status = form.querySelector("[data-draft-status]");
    if (!status) return;
    var texts = status.dataset;
    var initial = fieldsOf(form);
    var owner = null;
    var dirty = false;
    var submitting = false;
    var timer = null;

    function say(text, buttons) {
      status.hidden = false;
      status.textContent = "";
      var line = document.createElement("span");
      line.textContent = text;
      status.appendChild(line);
      (buttons || []).forEach(function (button) {
        var element = document.createElement("button");
        element.type = "button";
        element.className = "button-link";
        element.textContent = button.label;
        element.addEventListener("click", button.run);
        status.appendChild(document.createTextNode(" "));
        status.appendChild(element);
      });
    }

    function discard() {
      writeLocal(key, null);
      fill(form, initial);
      dirty = false;
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken(form));
      fetch(form.dataset.draftDiscard, { method: "POST", body: body, credentials: "same-origin" })
        .catch(function () {});
      say(texts.discarded);
    }

    function save() {
      var values = fieldsOf(form);
      var body = new FormData();
      Object.keys(values).forEach(function (name) { body.append(name, values[name]); });
      body.append("csrfmiddlewaretoken", csrfToken(form));
      fetch(url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          writeLocal(key, { owner: owner, fields: values, saved_at: data.saved_at, synced: true });
          dirty = false;
          say(texts.saved.replace("%(time)s", timeText(data.saved_at)));
        })
        .catch(function () { say(texts.local); });
    }

    function offer(draft) {
      if (!draft || !draft.fields || same(draft.fields, initial) || empty(draft.fields)) return;
      var when = timeText(draft.saved_at);
      if (empty(initial)) {
        fill(form, draft.fields);
        say(texts.restored.replace("%(time)s", when), [{ label: texts.discard, run: discard }]);
        return;
      }
      say(texts.offer.replace("%(time)s", when), [
        { label: texts.restore, run: function () {
          fill(form, draft.fields);
          dirty = true;
          say(texts.restored.replace("%(time)s", when), [{ label: texts.discard, run: discard }]);
        } },
        { label: texts.discard, run: discard },
      ]);
    }

    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; })
      .then(function (server) {
        owner = server ? server.owner : null;
        var local = readLocal(key);
        if (local && (owner === null || local.owner !== owner)) local = null;
        var newest = server && server.fields ? server : null;
        if (local && (!newest || new Date(local.saved_at) > new Date(newest.saved_at))) {
          newest = local;
        }
        offer(newest);
      });

    form.addEventListener("input", function (event) {
      if (!event.target.name || DRAFT_FIELDS.indexOf(event.target.name) === -1) return;
      var values = fieldsOf(form);
      dirty = !same(values, initial);
      // On this device at once (it survives going offline and reloading), then on the server.
      writeLocal(key, { owner: owner, fields: values, saved_at: new Date().toISOString() });
      clearTimeout(timer);
      timer = setTimeout(save, DRAFT_SAVE_DELAY_MS);
    });
    form.addEventListener("submit", function () {
      submitting = true;
      clearTimeout(timer);
      // The view that takes the form discards the server's copy; this device's goes now.
      writeLocal(key, null);
    });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty || submitting) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  // django-markdownx turns Tab in the editor into "indent", so a keyboard user could not leave
  // the textarea (WCAG 2.1.2). Tab moves on, as everywhere else; indent with spaces. (This runs
  // first: a listener on the document in the capture phase sees the key before the editor.)
  document.addEventListener("keydown", function (event) {
    if (event.key === "Tab" && event.target.matches && event.target.matches("textarea.markdownx-editor")) {
      event.stopPropagation();
    }
  }, true);

  function init() {
    document.querySelectorAll("[data-editor]").forEach(initToolbar);
    document.querySelectorAll("form[data-draft]").forEach(initDraft);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
