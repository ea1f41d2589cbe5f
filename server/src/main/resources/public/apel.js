/* "Presensi apel": the button shows only while an apel of today is open (its window, not yet attended) and the phone
   is at one of its places; the server decides again (window, place, idempotent requestId). Kept apart from app.js:
   it reads the same token and writes only its own part of the page. */
(function () {
  'use strict';
  var TOKEN = 'presensi.token';
  var current = null; /* { apel, coords } the button is for */
  /* the latest look: an earlier one still waiting for a position (a GPS that never answers) is ignored, not waited for */
  var looks = 0;

  function $(id) { return document.getElementById(id); }

  function call(method, path, body) {
    var headers = { 'Authorization': 'Bearer ' + localStorage.getItem(TOKEN) };
    if (body) { headers['Content-Type'] = 'application/json'; }
    return fetch(path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, cache: 'no-store' })
      .then(function (r) { return r.json().then(function (b) { return { status: r.status, body: b }; }); });
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  /* metres between two points (haversine): the page's first look only, the server measures again */
  function metres(lat1, lon1, lat2, lon2) {
    var r = Math.PI / 180, dLat = (lat2 - lat1) * r, dLon = (lon2 - lon1) * r;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371000 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  function hhmm(t) { return t.substring(0, 5).replace(':', '.'); }

  /* app.css's button.big sets display, which outweighs the hidden attribute: say both */
  function shown(el, on) { el.hidden = !on; el.style.display = on ? '' : 'none'; }

  function hideButton() { current = null; shown($('apel-punch'), false); }

  function describe(a) {
    var line = a.name + ' ' + hhmm(a.opens) + '\u2013' + hhmm(a.closes);
    if (a.checkedInAt) { return line + ' \u2014 sudah presensi apel ' + a.checkedInAt.substring(11, 16).replace(':', '.'); }
    if (a.duty !== 'REQUIRED') { return line + ' \u2014 ' + a.note; }
    return line + (a.places.length ? ' di ' + a.places.map(function (p) { return p.name; }).join(' / ') : '');
  }

  function refresh() {
    if (!localStorage.getItem(TOKEN) || $('checkin').hidden) { return; }
    var look = ++looks;
    call('GET', 'api/v1/apel').then(function (r) {
      if (look !== looks) { return; }
      if (r.status !== 200 || !r.body.apel.length) { $('apel').hidden = true; hideButton(); return; }
      $('apel').hidden = false;
      $('apel-info').textContent = 'Apel hari ini: ' + r.body.apel.map(describe).join('; ') + '.';
      var open = r.body.apel.filter(function (a) { return a.open; });
      shown($('apel-check'), open.length > 0);
      if (!open.length) { hideButton(); return; }
      navigator.geolocation.getCurrentPosition(function (p) {
        if (look !== looks) { return; }
        var here = open.filter(function (a) {
          return a.places.some(function (pl) { return metres(p.coords.latitude, p.coords.longitude, pl.lat, pl.lon) <= pl.radiusM; });
        });
        if (here.length) {
          current = { apel: here[0], coords: p.coords };
          $('apel-punch').textContent = 'Presensi apel: ' + here[0].name;
          shown($('apel-punch'), true);
          $('apel-where').textContent = '';
        } else {
          hideButton();
          $('apel-where').textContent = 'Anda belum berada di lokasi apel.';
        }
      }, function () {
        if (look !== looks) { return; }
        hideButton();
        $('apel-where').textContent = 'Lokasi belum terbaca; aktifkan GPS lalu periksa lagi.';
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
    }, function () { if (look === looks) { hideButton(); } });
  }

  function punch() {
    if (!current) { return; }
    var c = current;
    $('apel-punch').disabled = true;
    call('POST', 'api/v1/apel/checkins', { requestId: uuid(), apelId: c.apel.id, lat: c.coords.latitude, lon: c.coords.longitude,
      accuracy: c.coords.accuracy || 0 }).then(function (r) {
      $('apel-result').textContent = r.body.message;
      $('apel-punch').disabled = false;
      refresh();
    }, function () {
      $('apel-result').textContent = 'Server belum dapat dihubungi; coba lagi.';
      $('apel-punch').disabled = false;
    });
  }

  hideButton();
  $('apel-punch').addEventListener('click', punch);
  $('apel-check').addEventListener('click', refresh);
  /* when the check-in view appears (after activation, or on opening), when the phone comes back to it, and every five
     minutes while it stays open (the server bounds a device's looks a day as it bounds Riwayat's) */
  new MutationObserver(refresh).observe($('checkin'), { attributes: true, attributeFilter: ['hidden'] });
  document.addEventListener('visibilitychange', function () { if (!document.hidden) { refresh(); } });
  setInterval(refresh, 300000);
  refresh();
})();
