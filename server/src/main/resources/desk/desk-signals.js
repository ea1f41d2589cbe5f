// "Titip absen": the signals of the operator's units with their evidence; one marked "sudah diperiksa" with a note.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  let signals = [];
  let reviewing = null;

  // empty dates: the server's last 30 days (its clock is official, the laptop's may be wrong)
  async function load() {
    const D = window.Desk;
    const from = $('signals-from').value;
    const to = $('signals-to').value;
    try {
      const data = await D.api('/admin/api/signals?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to) + D.unitQuery());
      $('signals-from').value = data.from;
      $('signals-to').value = data.to;
      signals = data.signals;
      render();
    } catch (e) { D.error(e.message); }
  }

  function evidence(s) {
    const ev = s.evidence || {};
    const parts = [];
    (ev.points || []).flat().forEach((p) => { if (p && p.at) parts.push(p.at + ' (' + p.lat + ', ' + p.lon + ')'); });
    if (ev.addresses) parts.push('alamat: ' + ev.addresses.join(', '));
    if (ev.with) parts.push('bersama: ' + ev.with.join(', '));
    if (ev.accuracyM !== undefined) parts.push('akurasi ' + ev.accuracyM + ' m');
    if (ev.phone) parts.push('ponsel: ' + ev.phone);
    if (ev.phones) parts.push('ponsel: ' + ev.phones);
    if (ev.photos) parts.push('swafoto: ' + ev.photos.map((h) => h.slice(0, 12)).join(', '));
    return parts.slice(0, 12).join('; ') + (parts.length > 12 ? ' dan ' + (parts.length - 12) + ' lainnya' : '');
  }

  function render() {
    const D = window.Desk;
    const body = $('signal-list').querySelector('tbody');
    body.textContent = '';
    const shown = signals.filter((s) => !$('signals-open').checked || !s.review);
    shown.forEach((s) => {
      let state;
      if (s.review) {
        state = D.el('span', 'Sudah diperiksa oleh ' + s.review.by + ' (' + s.review.localTime + '): ' + s.review.note);
      } else {
        state = D.el('button', 'Periksa');
        state.type = 'button';
        state.setAttribute('aria-label', 'Tandai sudah diperiksa: ' + s.title + ', ' + s.name + ', ' + s.date);
        state.addEventListener('click', () => open(s));
      }
      body.appendChild(D.row([s.date, s.name + ' (' + s.key + ')', s.title + ' · kekuatan ' + s.strength, s.message, evidence(s), state]));
    });
    if (!shown.length) body.appendChild(D.row(['-', '', '', 'Tidak ada sinyal dalam rentang ini.', '', '']));
    const unreviewed = signals.filter((s) => !s.review).length;
    $('signals-result').textContent = signals.length + ' sinyal, ' + unreviewed + ' belum diperiksa.';
  }

  function open(s) {
    reviewing = s;
    $('review-title').textContent = s.title + ': ' + s.name + ' (' + s.key + '), ' + s.date;
    $('review-note').value = '';
    $('review-form').hidden = false;
    $('review-note').focus();
  }

  async function review(ev) {
    ev.preventDefault();
    const D = window.Desk;
    if (!reviewing) return;
    const note = $('review-note').value.trim();
    if (!note) { $('signals-result').textContent = 'Tuliskan catatan pemeriksaan dulu.'; $('review-note').focus(); return; }
    try {
      await D.api('/admin/api/signals/review', { body: { key: reviewing.key, date: reviewing.date, kind: reviewing.kind, note: note } });
      $('review-form').hidden = true;
      reviewing = null;
      await load();
      $('signals-result').textContent = 'Ditandai sudah diperiksa. ' + $('signals-result').textContent;
    } catch (e) { $('signals-result').textContent = e.message; }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('signals-show').addEventListener('click', load);
    $('signals-open').addEventListener('change', render);
    $('review-form').addEventListener('submit', review);
    $('review-cancel').addEventListener('click', () => { $('review-form').hidden = true; reviewing = null; });
  });
  document.addEventListener('desk:tab', (e) => { if (e.detail === 'signals') load(); });
}());
