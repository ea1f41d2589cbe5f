// "Perangkat": revoke a lost phone (preview, then confirm, as the CLI asks), an activation code shown once, the machines.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  let pending = null;

  const result = (text) => { $('device-result').textContent = text; };

  async function load() {
    const D = window.Desk;
    try {
      const [devices, machines] = await Promise.all([D.api('/admin/api/devices?x=1' + D.unitQuery()),
        D.api('/admin/api/machines?x=1' + D.unitQuery())]);
      const body = $('device-list').querySelector('tbody');
      body.textContent = '';
      devices.devices.forEach((d) => {
        const revoke = D.el('button', 'Cabut');
        revoke.type = 'button';
        revoke.setAttribute('aria-label', 'Cabut ponsel ' + d.name + ' (' + d.key + ')');
        revoke.addEventListener('click', () => { $('device-key').value = d.key; preview(); });
        body.appendChild(D.row([d.key, d.name, d.unit, d.device, d.activatedAt, revoke]));
      });
      if (!devices.devices.length) body.appendChild(D.row(['-', 'Belum ada ponsel aktif.', '', '', '', '']));
      const list = $('machine-list').querySelector('tbody');
      list.textContent = '';
      machines.machines.forEach((m) => list.appendChild(D.row([m.serial, m.name || '(belum terdaftar)', m.unit || '-',
        m.lastContact || '-', m.lastAddress || '-', m.lastPunch || '-', m.unmatched, m.held, m.setAside])));
      if (!machines.machines.length) list.appendChild(D.row(['-', 'Belum ada mesin.', '', '', '', '', '', '', '']));
    } catch (e) { D.error(e.message); }
  }

  async function preview() {
    const D = window.Desk;
    hideCode();
    try {
      const p = await D.api('/admin/api/devices/preview?key=' + encodeURIComponent($('device-key').value));
      pending = p.key;
      $('revoke-impact').textContent = p.impact;
      $('revoke-confirm').hidden = false;
      result('');
      $('revoke-yes').focus();
    } catch (e) { pending = null; $('revoke-confirm').hidden = true; result(e.message); }
  }

  async function revoke() {
    const D = window.Desk;
    if (!pending) return;
    try {
      await D.api('/admin/api/devices/revoke', { body: { key: pending, confirm: true } });
      result('Ponsel ' + pending + ' dicabut.');
      cancel();
      await load();
    } catch (e) { result(e.message); }
  }

  function cancel() {
    pending = null;
    $('revoke-confirm').hidden = true;
    $('device-key').focus();
  }

  async function code() {
    const D = window.Desk;
    cancel();
    result('Menerbitkan kode…');
    try {
      const c = await D.api('/admin/api/devices/code', { body: { key: $('device-key').value } });
      $('code-who').textContent = c.name + ' (' + c.key + '), berlaku sampai ' + c.expiresAt + ' WITA.';
      $('code-value').textContent = c.code;
      $('code-once').hidden = false;
      result('Kode aktivasi diterbitkan; kode lama yang belum dipakai tidak berlaku lagi.');
      $('code-hide').focus();
    } catch (e) { result(e.message); }
  }

  // the code exists only on this screen: hidden, it is gone
  function hideCode() {
    $('code-value').textContent = '';
    $('code-who').textContent = '';
    $('code-once').hidden = true;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('device-preview').addEventListener('click', preview);
    $('device-code').addEventListener('click', code);
    $('revoke-yes').addEventListener('click', revoke);
    $('revoke-no').addEventListener('click', () => { cancel(); result('Tidak jadi dicabut.'); });
    $('code-hide').addEventListener('click', () => { hideCode(); $('device-key').focus(); });
    $('device-form').addEventListener('submit', (ev) => { ev.preventDefault(); preview(); });
  });
  document.addEventListener('desk:tab', (e) => { if (e.detail === 'devices') load(); else hideCode(); });
}());
