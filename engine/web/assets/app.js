// jixiao web workspace: the project's own script (no framework). On the 自评表 page, as the user
// types in a row's 实际完成值 or 偏差原因, it asks the server to score the project with that
// row's values (POST /api/projects/{id}/preview: the same check and scorer, nothing saved) and
// shows the row's score, formula and error and the project's total, grade and total formula.
// It never saves: the row's form does. Without this script every page works by form posts.
(function () {
  'use strict';

  var DELAY_MS = 300;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function setText(el, text) {
    if (el) el.textContent = text == null ? '' : String(text);
  }

  function fmt(x) {
    return x == null ? '—' : String(x);
  }

  // The message of each diagnostic, as the entry check wrote it.
  function messages(diagnostics) {
    var out = [];
    (diagnostics || []).forEach(function (d) {
      if (d && d.severity !== 'info') out.push(d.message);
    });
    return out;
  }

  function showProject(table, project, row, diagnostics) {
    if (!project) {
      // The project cannot be scored with this value: no total; the row's errors say why.
      project = {indicators: [], total: null, grade: null};
    }
    var byKey = {};
    (project.indicators || []).forEach(function (ind) { byKey[ind.key] = ind; });
    table.querySelectorAll('tr[data-indicator-id]').forEach(function (tr) {
      var ind = byKey[tr.getAttribute('data-key')];
      if (!ind) return;
      setText(tr.querySelector('.score'), ind.score == null ? '' : ind.score);
      setText(tr.querySelector('.formula'), ind.formula);
    });
    var errorBox = row.querySelector('.field-error');
    if (errorBox) {
      var errs = messages(diagnostics);
      setText(errorBox, errs.join('\n'));
      errorBox.hidden = errs.length === 0;
      row.classList.toggle('has-error', errs.length > 0);
    }
    setText(document.getElementById('total'), fmt(project.total));
    setText(document.getElementById('grade'), fmt(project.grade));
    // The total's formula comes from the server when the preview carries it; otherwise the one on
    // the page is marked as not yet recomputed (the script does no arithmetic of its own).
    var formula = document.getElementById('total-formula');
    if (formula && typeof project.total_formula === 'string') {
      setText(formula, project.total_formula);
      formula.classList.remove('stale');
    } else if (formula) {
      formula.classList.add('stale');
    }
    if (project.execution) {
      setText(document.getElementById('execution-score'),
              project.execution.score == null ? '' : project.execution.score);
    }
    table.classList.add('preview');
  }

  function preview(table, row) {
    var projectId = table.getAttribute('data-project-id');
    var value = row.querySelector('[name="value"]');
    var reason = row.querySelector('[name="reason"]');
    var body = JSON.stringify({
      indicator: Number(row.getAttribute('data-indicator-id')),
      value: value ? value.value : '',
      reason: reason ? reason.value : ''
    });
    var request = new XMLHttpRequest();
    request.open('POST', '/api/projects/' + encodeURIComponent(projectId) + '/preview');
    request.setRequestHeader('Content-Type', 'application/json');
    request.setRequestHeader('X-CSRF-Token', csrfToken());
    request.onload = function () {
      var data;
      try { data = JSON.parse(request.responseText); } catch (e) { return; }
      if (request.status === 200 || request.status === 422) {
        showProject(table, data.project, row, data.diagnostics);
      }
    };
    request.send(body);
  }

  function start() {
    var table = document.getElementById('self-eval');
    if (!table) return;
    var timers = new Map();
    table.addEventListener('input', function (event) {
      var field = event.target;
      if (!field.matches('[name="value"], [name="reason"]')) return;
      var row = field.closest('tr[data-indicator-id]');
      if (!row) return;
      clearTimeout(timers.get(row));
      timers.set(row, setTimeout(function () { preview(table, row); }, DELAY_MS));
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
