/* Sala comments widget: posts the comment form as JSON, adds approved comments newer
 * than the build, and offers replies and withdrawal. No dependencies, no inline script,
 * no HTML strings: every reader-supplied value goes in through textContent. When the
 * companion cannot be reached the baked comments stay and a calm notice is shown.
 * UI strings come from the form's data-msg-* attributes (rendered from the theme's
 * i18n files); month names for dates are below (Thai pages show the Buddhist Era). */
(function () {
  "use strict";
  var MONTHS = {
    th: ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
      "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"],
    en: ["January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"]
  };
  var STORE_KEY = "sala-comments-own";

  function start() {
    var section = document.getElementById("comments");
    var form = document.getElementById("comment-form");
    if (!section || !form || !window.fetch || !window.JSON) return;
    var endpoint = (section.getAttribute("data-endpoint") || "").replace(/\/+$/, "");
    var page = section.getAttribute("data-page") || "";
    if (!endpoint || !page) return;
    var lang = (document.documentElement.lang || "th").slice(0, 2) === "en" ? "en" : "th";
    var status = document.getElementById("comments-status");
    var parentInput = document.getElementById("comment-parent");
    var replying = document.getElementById("comment-replying");
    var replyingName = document.getElementById("comment-replying-name");
    var cancel = document.getElementById("comment-reply-cancel");
    var submit = document.getElementById("comment-submit");
    var pendingNote = document.getElementById("comment-pending");

    function msg(key) {
      return form.getAttribute("data-msg-" + key) || form.getAttribute("data-msg-generic") || "";
    }
    function say(text) {
      if (!status) return;
      status.textContent = text;
      status.hidden = !text;
    }
    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text != null) e.textContent = text;
      return e;
    }
    function formatDate(iso) {
      var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
      if (!m) return iso || "";
      var y = parseInt(m[1], 10), mo = parseInt(m[2], 10) - 1, d = parseInt(m[3], 10);
      var names = MONTHS[lang];
      return d + " " + (names[mo] || m[2]) + " " + (lang === "th" ? y + 543 : y);
    }
    function own() {
      try { return JSON.parse(localStorage.getItem(STORE_KEY) || "{}") || {}; } catch (e) { return {}; }
    }
    function saveOwn(map) {
      try { localStorage.setItem(STORE_KEY, JSON.stringify(map)); } catch (e) { /* private mode */ }
    }

    function setReply(id, name) {
      parentInput.value = id ? String(id) : "";
      if (replying) {
        replying.hidden = !id;
        if (replyingName) replyingName.textContent = name || "";
      }
      if (id) {
        var body = document.getElementById("comment-body");
        if (body) body.focus();
      }
    }
    if (cancel) cancel.addEventListener("click", function () { setReply(null); });

    function addReplyButton(li, id) {
      if (li.querySelector(".comment-reply-button")) return;
      var nameEl = li.querySelector(".comment-meta strong");
      var b = el("button", "comment-reply-button", msg("reply"));
      b.type = "button";
      b.id = "reply-" + id;
      b.addEventListener("click", function () { setReply(id, nameEl ? nameEl.textContent : ""); });
      var meta = li.querySelector(".comment-meta");
      (meta || li).appendChild(document.createTextNode(" "));
      (meta || li).appendChild(b);
    }

    function list() {
      var l = section.querySelector(".comment-list");
      if (!l) {
        var none = document.getElementById("comments-none");
        if (none) none.hidden = true;
        l = el("ol", "comment-list");
        section.insertBefore(l, pendingNote || form);
      }
      return l;
    }

    function render(c, isNew) {
      var li = el("li", "comment");
      li.id = "comment-" + c.id;
      var meta = el("p", "comment-meta");
      meta.appendChild(el("strong", null, c.name));
      meta.appendChild(document.createTextNode(" · "));
      var t = el("time", null, formatDate(c.date));
      t.setAttribute("datetime", c.date);
      meta.appendChild(t);
      if (isNew) meta.appendChild(el("span", "comment-new-tag", msg("new")));
      li.appendChild(meta);
      var body = el("div", "comment-body");
      var lines = String(c.body || "").split("\n");
      for (var i = 0; i < lines.length; i++) {
        if (i) body.appendChild(document.createElement("br"));
        body.appendChild(document.createTextNode(lines[i]));
      }
      li.appendChild(body);
      return li;
    }

    // Every baked top-level comment gets a reply button.
    var baked = {};
    var items = section.querySelectorAll("li.comment");
    for (var i = 0; i < items.length; i++) {
      var id = parseInt((items[i].id || "").replace("comment-", ""), 10);
      if (!id) continue;
      baked[id] = true;
      if (items[i].parentNode && items[i].parentNode.className.indexOf("comment-list") >= 0) {
        addReplyButton(items[i], id);
      }
    }

    function addNew(comments) {
      for (var i = 0; i < comments.length; i++) {
        var c = comments[i];
        if (!c || typeof c.id !== "number" || baked[c.id] || document.getElementById("comment-" + c.id)) continue;
        var li = render(c, true);
        var parent = c.parent ? document.getElementById("comment-" + c.parent) : null;
        if (parent && parent.parentNode && parent.parentNode.className.indexOf("comment-list") >= 0) {
          var replies = parent.querySelector(".comment-replies");
          if (!replies) { replies = el("ol", "comment-replies"); parent.appendChild(replies); }
          replies.appendChild(li);
        } else {
          list().appendChild(li);
          addReplyButton(li, c.id);
        }
        baked[c.id] = true;
      }
    }

    function offline() { say(msg("offline")); }
    function field(name) {
      return form.elements.namedItem(name) || { value: "", checked: false };
    }

    fetch(endpoint + "/api/comments?page=" + encodeURIComponent(page), {
      method: "GET", credentials: "omit", headers: { "Accept": "application/json" }
    }).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      return r.json();
    }).then(function (data) {
      if (data && data.comments && data.comments.length) addNew(data.comments);
    })["catch"](offline);

    function showWithdraw(id, token) {
      var b = el("button", "comment-withdraw", msg("withdraw"));
      b.type = "button";
      b.id = "comment-withdraw";
      b.addEventListener("click", function () {
        b.disabled = true;
        fetch(endpoint + "/api/comments/" + id, {
          method: "DELETE", credentials: "omit",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ delete_token: token })
        }).then(function (r) {
          if (r.status !== 204 && r.status !== 404) throw new Error("status " + r.status);
          var map = own(); delete map[id]; saveOwn(map);
          var li = document.getElementById("comment-" + id);
          if (li && li.parentNode) li.parentNode.removeChild(li);
          say(msg("withdrawn"));
        })["catch"](function () { b.disabled = false; say(msg("offline")); });
      });
      if (!status) return;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(b);
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var data = {
        page: page,
        name: field("name").value,
        body: field("body").value,
        consent: !!field("consent").checked,
        website: field("website").value
      };
      var email = field("email").value.replace(/^\s+|\s+$/g, "");
      if (email) data.email = email;
      var parent = parseInt(parentInput.value, 10);
      if (parent > 0) data.parent = parent;
      if (!data.consent) { say(msg("consent_required")); return; }
      submit.disabled = true;
      say(msg("sending"));
      // The page's language for the server's messages, in the query: a companion older
      // than the widget refuses unknown fields in the body, but ignores the query.
      fetch(endpoint + "/api/comments?lang=" + lang, {
        method: "POST", credentials: "omit",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(data)
      }).then(function (r) {
        return r.json().then(function (j) { return { ok: r.status === 202, body: j }; },
          function () { return { ok: false, body: {} }; });
      }).then(function (res) {
        submit.disabled = false;
        if (!res.ok) {
          var code = (res.body && res.body.error) || "generic";
          if (/_too_long$/.test(code)) code = "too_long";
          else if (/^name_/.test(code)) code = "name";
          say(msg(code));
          return;
        }
        form.reset();
        setReply(null);
        say(msg("pending"));
        var a = res.body;
        if (a && a.id && a.delete_token) {
          var map = own(); map[a.id] = a.delete_token; saveOwn(map);
          showWithdraw(a.id, a.delete_token);
        }
      })["catch"](function () {
        submit.disabled = false;
        offline();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
