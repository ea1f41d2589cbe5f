// The desk's BKPSDM page: all units today, month close and reopen, OPD admins. Plain JavaScript, no build step;
// text goes in with textContent only. desk.js shows the tab to BKPSDM only; the server refuses everyone else (403).
'use strict';
(function () {
  let pending = null;

  const $ = (id) => document.getElementById(id);
  // desk.js's helpers (window.Desk): its api sends the session's CSRF token and shows the sign-in on a 401
  const el = (tag, text) => window.Desk.el(tag, text);
  const button = (text, action) => {
    const b = el('button', text);
    b.type = 'button';
    b.addEventListener('click', action);
    return b;
  };
  const cell = (content) => {
    const td = el('td');
    if (content instanceof Node) td.appendChild(content); else td.textContent = content === null || content === undefined ? '' : String(content);
    return td;
  };
  const say = (text) => { $('bk-result').textContent = text || ''; };

  const api = (path, body) => window.Desk.api(path, body === undefined ? undefined : { body: body });

  async function open() {
    say('');
    $('bk-secret').hidden = true;
    try {
      const session = await api('/admin/api/session');
      ['bk-month-unit', 'bk-op-unit'].forEach((id) => {
        const select = $(id);
        const keep = select.value;
        select.textContent = '';
        if (id === 'bk-month-unit') select.appendChild(el('option', 'Seluruh kabupaten')).value = '';
        session.units.forEach((u) => { const o = el('option', u.code + ' — ' + u.name); o.value = u.code; select.appendChild(o); });
        if (keep) select.value = keep;
      });
      if (!$('bk-month').value) {
        const d = new Date();
        d.setDate(1);
        d.setMonth(d.getMonth() - 1);
        $('bk-month').value = d.toISOString().slice(0, 7);
      }
      await Promise.all([units(), months(), operators()]);
    } catch (e) { say(e.message); }
  }

  async function units() {
    const data = await api('/admin/api/bkpsdm/units');
    $('bk-at').textContent = 'pukul ' + data.localTime.replace(/:/g, '.') + ' WITA';
    const groups = data.groups.filter((g) => g.group !== 'LIBUR');
    const head = $('bk-units').querySelector('thead');
    head.textContent = '';
    const hr = el('tr');
    ['Unit', 'Pegawai'].concat(groups.map((g) => g.label)).forEach((h) => hr.appendChild(el('th', h)));
    head.appendChild(hr);
    const body = $('bk-units').querySelector('tbody');
    body.textContent = '';
    data.units.forEach((u) => {
      const tr = el('tr');
      const openBoard = button(u.code + ' — ' + u.name, () => {
        $('unit').value = u.code;
        document.querySelector('nav button[data-tab=today]').click();
      });
      openBoard.setAttribute('aria-label', 'Buka papan hari ini ' + u.name);
      tr.appendChild(cell(openBoard));
      tr.appendChild(cell(u.staff));
      groups.forEach((g) => tr.appendChild(cell(u.counts[g.group])));
      body.appendChild(tr);
    });
  }

  async function months() {
    const data = await api('/admin/api/bkpsdm/months');
    const body = $('bk-months').querySelector('tbody');
    body.textContent = '';
    if (!data.months.length) body.appendChild(el('tr')).appendChild(cell('Belum ada bulan yang ditutup.'));
    data.months.forEach((m) => {
      const tr = el('tr');
      [m.month, m.unit || 'seluruh kabupaten', m.closedBy, new Date(m.closedAt).toLocaleString('id-ID')].forEach((t) => tr.appendChild(cell(t)));
      body.appendChild(tr);
    });
  }

  async function month(action) {
    const body = { month: $('bk-month').value, unit: $('bk-month-unit').value };
    if (action === 'reopen') {
      body.reason = $('bk-reason').value;
      if (!body.reason.trim()) { say('Tuliskan alasan membuka kembali bulan itu (dicatat di jejak audit).'); $('bk-reason').focus(); return; }
    }
    try {
      const data = await api('/admin/api/bkpsdm/months/' + action, body);
      say(data.message);
      $('bk-reason').value = '';
      await months();
    } catch (e) { say(e.message); }
  }

  async function operators() {
    const data = await api('/admin/api/bkpsdm/operators');
    const body = $('bk-operators').querySelector('tbody');
    body.textContent = '';
    data.operators.forEach((o) => {
      const tr = el('tr');
      [o.name, o.role === 'BKPSDM' ? 'BKPSDM' : 'admin OPD', o.unit || '-',
        { AKTIF: 'aktif', NONAKTIF: 'nonaktif', TANPA_LOGIN: 'tanpa login' }[o.status]].forEach((t) => tr.appendChild(cell(t)));
      const actions = el('span');
      // BKPSDM operators are the schema owner's to change (presensi operator), as the database decides
      if (o.role === 'OPD_ADMIN' && o.status === 'AKTIF') {
        actions.appendChild(button('Nonaktifkan', () => confirmDisable(o)));
        actions.appendChild(document.createTextNode(' '));
        actions.appendChild(button('Kata sandi baru', () => newPassword(o)));
      }
      tr.appendChild(cell(actions));
      body.appendChild(tr);
    });
  }

  function confirmDisable(o) {
    pending = o;
    $('bk-confirm-text').textContent = 'Operator ' + o.name + ' (admin OPD, unit ' + o.unit + ') tidak dapat masuk lagi dan sesinya diakhiri; '
      + 'perubahan yang pernah dibuatnya tetap di jejak audit. Nonaktifkan?';
    $('bk-confirm').hidden = false;
    $('bk-confirm-no').focus();
  }

  async function disable() {
    const o = pending;
    $('bk-confirm').hidden = true;
    pending = null;
    try {
      say((await api('/admin/api/bkpsdm/operators/disable', { name: o.name })).message);
      await operators();
    } catch (e) { say(e.message); }
  }

  function secret(name, password) {
    $('bk-secret').textContent = 'Kata sandi ' + name + ' (hanya tampil sekali, berikan secara pribadi): ' + password;
    $('bk-secret').hidden = false;
  }

  async function newPassword(o) {
    try {
      const data = await api('/admin/api/bkpsdm/operators/password', { name: o.name });
      say(data.message);
      if (data.password) secret(o.name, data.password);
    } catch (e) { say(e.message); }
  }

  async function add(ev) {
    ev.preventDefault();
    $('bk-secret').hidden = true;
    const body = { name: $('bk-op-name').value.trim(), unit: $('bk-op-unit').value, employee: $('bk-op-employee').value.trim(),
      password: $('bk-op-password').value };
    try {
      const data = await api('/admin/api/bkpsdm/operators', body);
      say(data.message);
      if (data.password) secret(data.name, data.password);
      $('bk-op-form').reset();
      await operators();
    } catch (e) { say(e.message); }
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelector('nav button[data-tab=bkpsdm]').addEventListener('click', open);
    $('bk-refresh').addEventListener('click', () => units().catch((e) => say(e.message)));
    $('bk-close').addEventListener('click', () => month('close'));
    $('bk-reopen').addEventListener('click', () => month('reopen'));
    $('bk-op-form').addEventListener('submit', add);
    $('bk-confirm-yes').addEventListener('click', disable);
    $('bk-confirm-no').addEventListener('click', () => { $('bk-confirm').hidden = true; pending = null; });
  });
}());
