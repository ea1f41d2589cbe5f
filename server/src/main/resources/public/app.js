/* Presensi check-in page. Plain JavaScript that old iPhones run (no build step, no external files):
   the phone keeps its token and any check-in it could not send yet; the server decides everything. */
/* Shared by the three parts of the page (the check-in, the apel button, the reminder switch): the key the token is
   kept under, finding an element, a requestId, and a JSON call carrying the token of the phone. */
var presensiPage = (function () {
  'use strict';
  var TOKEN = 'presensi.token';

  function $(id) { return document.getElementById(id); }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function call(method, path, body) {
    var headers = { 'Authorization': 'Bearer ' + localStorage.getItem(TOKEN) };
    if (body) { headers['Content-Type'] = 'application/json'; }
    return fetch(path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, cache: 'no-store' })
      .then(function (r) { return r.json().then(function (b) { return { status: r.status, body: b }; }); });
  }

  return { TOKEN: TOKEN, $: $, uuid: uuid, call: call };
})();

(function () {
  'use strict';
  var TOKEN = presensiPage.TOKEN;
  var QUEUE = 'presensi.pending';
  var REQUESTS = 'presensi.requests.pending';
  var RIWAYAT = 'presensi.riwayat';
  var MAX_PHOTO = 300 * 1024;
  /* A selfie is for a face check at the desk: 400 px at JPEG quality 0.6 is about 20 KB (0.8 made 30 KB, and at
     the 07:15 rush what a check-in with its photo costs the server grows with the bytes of the photo) */
  var MAX_SELFIE = 24 * 1024;
  var SELFIE_SIDE = 400;
  var SELFIE_QUALITY = 0.6;
  var LABELS = { PENDING: 'menunggu', APPROVED: 'disetujui', REJECTED: 'ditolak' };
  var SEND_TIMEOUT_MS = 8000;
  var me = null;
  var serverClock = null; /* the server's local time when /me answered, and when that was on this phone */
  var retryTimer = null;
  var retryDelay = 2000;

  var $ = presensiPage.$;
  var uuid = presensiPage.uuid;
  function token() { return localStorage.getItem(TOKEN); }

  function show(kind, text) {
    var box = $('result');
    box.className = kind;
    box.textContent = text;
    box.hidden = false;
  }

  /* fetch that gives up after a while, so the button never hangs on a slow network */
  function send(method, path, body, extraHeaders) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) { controller.abort(); } }, SEND_TIMEOUT_MS);
    var blob = body instanceof Blob;
    var headers = extraHeaders || {};
    headers['Content-Type'] = blob ? body.type : 'application/json';
    if (token()) { headers.Authorization = 'Bearer ' + token(); }
    return fetch(path, { method: method, headers: headers, body: blob ? body : body ? JSON.stringify(body) : undefined,
                         signal: controller ? controller.signal : undefined, cache: 'no-store' })
      .then(function (response) {
        clearTimeout(timer);
        return response.text().then(function (text) {
          var json = {};
          try { json = text ? JSON.parse(text) : {}; } catch (e) { json = {}; }
          return { status: response.status, body: json, saved: response.headers.get('Presensi-Saved') === '1' };
        });
      }, function (error) { clearTimeout(timer); throw error; });
  }

  function hhmm(iso) { return iso ? iso.substring(11, 16).replace(':', '.') : ''; }

  function showActivation() {
    $('checkin').hidden = true;
    $('forget').hidden = true;
    $('activate').hidden = false;
  }

  function loadMe() {
    return send('GET', 'api/v1/me').then(function (r) {
      if (r.status === 200) { me = r.body; serverClock = { at: me.localTime, received: Date.now() }; render(); tick(); loadApprovals(); return; }
      if (r.status === 401 || r.status === 403) { forget(r.body.message); return; }
      show('refused', r.body.message || 'Server belum dapat dihubungi, coba lagi sebentar.');
    }, function () {
      show('waiting', 'Menunggu koneksi... Jadwal akan tampil saat jaringan tersedia.');
    });
  }

  function render() {
    $('activate').hidden = true;
    $('checkin').hidden = false;
    $('forget').hidden = false;
    $('who').textContent = me.name + ' \u2014 ' + me.unitName;
    var zone = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' }[me.timeZone] || '';
    var text;
    if (me.expected) {
      var e = me.expected;
      text = (e.shift ? 'Shift ' + e.shift + ': ' : 'Jam kerja: ') + hhmm(e.start) + '\u2013' + hhmm(e.end) + ' ' + zone
        + '. Presensi masuk ' + hhmm(e.checkIn.opens) + '\u2013' + hhmm(e.checkIn.closes)
        + ', pulang ' + hhmm(e.checkOut.opens) + '\u2013' + hhmm(e.checkOut.closes) + '.';
    } else {
      text = 'Tidak ada jadwal kerja hari ini' + (me.holiday ? ' (' + me.holiday.description + ')' : '') + '.'
        + (me.overtimeOnDayOff ? ' Ada surat perintah lembur: presensi masuk dan pulang dibuka sepanjang hari.' : '');
    }
    $('today').textContent = text;
    var history = $('history');
    history.innerHTML = '';
    (me.checkins || []).forEach(function (c) {
      var li = document.createElement('li');
      li.textContent = (c.type === 'IN' ? 'Masuk' : 'Pulang') + ' ' + hhmm(c.localTime)
        + ' \u2014 ' + (c.accepted ? 'diterima' : 'ditolak: ' + c.message);
      history.appendChild(li);
    });
    var punch = $('punch');
    var type = nextType();
    punch.textContent = type === 'IN' ? 'Presensi Masuk' : 'Presensi Pulang';
    punch.className = 'big' + (type === 'OUT' ? ' out' : '');
    punch.dataset.type = type;
    punch.disabled = false;
    var done = accepted(type);
    if (done) {
      /* say what was done and what comes next, instead of offering the same action again */
      punch.disabled = true;
      punch.textContent = type === 'IN'
        ? 'Sudah presensi masuk ' + hhmm(done.localTime) + (me.expected ? ' — presensi pulang mulai ' + hhmm(me.expected.checkOut.opens) : '')
        : 'Sudah presensi pulang ' + hhmm(done.localTime);
    }
  }

  /* The accepted check-in of this type today, if any (an OUT only counts once no later window is open). */
  function accepted(type) {
    var found = null;
    (me.checkins || []).forEach(function (c) { if (c.type === type && c.accepted) { found = c; } });
    return found;
  }

  function nextType() {
    if (me.open === 'CHECK_OUT') { return 'OUT'; }
    if (me.open === 'CHECK_IN') { return 'IN'; }
    var checkedIn = (me.checkins || []).some(function (c) { return c.type === 'IN' && c.accepted; });
    return checkedIn ? 'OUT' : 'IN';
  }

  function locationHelp(error) {
    var ios = /iPhone|iPad|iPod/.test(navigator.userAgent);
    if (error && error.code === 1) {
      return ios ? 'Izin lokasi ditolak. Buka Pengaturan > Privasi & Keamanan > Layanan Lokasi > Situs Web Safari, pilih "Saat Menggunakan", lalu muat ulang halaman ini.'
                 : 'Izin lokasi ditolak. Ketuk ikon gembok di sebelah alamat situs > Izin > Lokasi > Izinkan, lalu muat ulang halaman ini.';
    }
    if (error && error.code === 3) { return 'Lokasi belum ditemukan. Pastikan GPS aktif, pindah ke tempat terbuka, lalu coba lagi.'; }
    return 'Lokasi tidak dapat dibaca. Pastikan GPS (Layanan Lokasi) aktif, lalu coba lagi.';
  }

  /* Where the unit asks for a selfie, the front camera first (a file input: every phone's browser has one, and
     iOS opens the camera without a permission prompt), then the position. */
  function punch() {
    if (!navigator.geolocation) { show('refused', 'Peramban ini tidak dapat membaca lokasi. Gunakan Safari, Chrome, atau peramban terbaru lainnya.'); return; }
    if (me && me.selfie) {
      $('selfie').value = '';
      show('waiting', 'Ambil swafoto untuk presensi (kamera depan).');
      $('selfie').click();
      return;
    }
    locate(null);
  }

  function selfieTaken() {
    var file = $('selfie').files[0];
    if (!file) { return; }
    $('punch').disabled = true;
    show('waiting', 'Menyiapkan swafoto...');
    shrink(file, SELFIE_SIDE, MAX_SELFIE, SELFIE_QUALITY, function (photo) {
      if (!photo) { $('punch').disabled = false; show('refused', 'Swafoto tidak dapat dibaca, coba ambil lagi.'); return; }
      locate(photo);
    });
  }

  function locate(selfie) {
    var button = $('punch');
    var type = button.dataset.type;
    button.disabled = true;
    show('waiting', 'Membaca lokasi...');
    navigator.geolocation.getCurrentPosition(function (position) {
      var request = { type: type, lat: position.coords.latitude, lon: position.coords.longitude,
                      accuracy: position.coords.accuracy, clientTime: new Date().toISOString(), requestId: uuid() };
      /* the photo kept as plain base64 (no data: prefix) while queued; sent as bytes */
      if (selfie) { request.selfie = selfie.substring(selfie.indexOf(',') + 1); }
      var pending = JSON.parse(localStorage.getItem(QUEUE) || '[]');
      pending.push(request);
      try {
        localStorage.setItem(QUEUE, JSON.stringify(pending));
      } catch (e) {
        button.disabled = false;
        show('refused', 'Ruang penyimpanan ponsel penuh; hapus data peramban lain lalu coba lagi.');
        return;
      }
      show('waiting', 'Mengirim...');
      flush();
    }, function (error) {
      button.disabled = false;
      show('refused', locationHelp(error));
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 });
  }

  /* Sends queued check-ins oldest first; a retry repeats the same requestId, so nothing is stored twice. */
  function flush() {
    clearTimeout(retryTimer);
    var pending = JSON.parse(localStorage.getItem(QUEUE) || '[]');
    if (!pending.length) { return; }
    var request = pending[0];
    sendCheckIn(request).then(function (r) {
      if (r.status === 201 || r.status === 422 || r.status === 400) {
        pending.shift();
        localStorage.setItem(QUEUE, JSON.stringify(pending));
        retryDelay = 2000;
        show(r.status === 201 ? 'ok' : 'refused', r.body.message || 'Permintaan tidak valid.');
        loadMe();
        flush();
      } else if (r.status === 401 || r.status === 403) {
        localStorage.removeItem(QUEUE);
        forget(r.body.message);
      } else {
        retry();
      }
    }, retry);
  }

  /* A check-in with a selfie goes as the photo itself (a third smaller than its base64, which the queue keeps
     because phone storage holds only text), its other fields in a header. */
  function sendCheckIn(request) {
    if (!request.selfie) { return send('POST', 'api/v1/checkins', request); }
    var fields = {};
    Object.keys(request).forEach(function (key) { if (key !== 'selfie') { fields[key] = request[key]; } });
    var text = atob(request.selfie);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
    return send('POST', 'api/v1/checkins', new Blob([bytes], { type: 'image/jpeg' }), { 'Presensi-Checkin': JSON.stringify(fields) });
  }

  function retry() {
    show('waiting', 'Menunggu koneksi... Presensi Anda tersimpan di ponsel dan akan dikirim otomatis.');
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }

  function forget(message) {
    localStorage.removeItem(TOKEN);
    localStorage.removeItem(RIWAYAT);
    /* the service worker's copies of the server's answers are this person's: the next one on the phone must not see them */
    if (window.caches) {
      caches.keys().then(function (keys) {
        keys.forEach(function (k) {
          caches.open(k).then(function (c) {
            c.keys().then(function (rs) { rs.forEach(function (r) { if (r.url.indexOf('/api/') >= 0) { c.delete(r); } }); });
          });
        });
      });
    }
    me = null;
    showActivation();
    if (message) { show('refused', message); }
  }

  function activate(event) {
    event.preventDefault();
    var employee = $('employee').value.replace(/\s+/g, '');
    var code = $('code').value.trim();
    if (!employee || !code) { show('refused', 'Isi NIP/NIK dan kode aktivasi.'); return; }
    $('activate-button').disabled = true;
    send('POST', 'api/v1/activate', { employee: employee, code: code, deviceName: navigator.userAgent.substring(0, 100) })
      .then(function (r) {
        $('activate-button').disabled = false;
        if (r.status === 201) {
          localStorage.setItem(TOKEN, r.body.token);
          show('ok', 'Perangkat aktif. Selamat bekerja!');
          loadMe();
        } else {
          show('refused', r.body.message || 'Aktivasi gagal, coba lagi.');
        }
      }, function () {
        $('activate-button').disabled = false;
        show('waiting', 'Tidak ada koneksi. Coba lagi saat jaringan tersedia.');
      });
  }

  /* The server's clock is the official time: show it, moved on by the time elapsed on the phone. */
  function tick() {
    if (!serverClock) { return; }
    var minutes = parseInt(serverClock.at.substring(11, 13), 10) * 60 + parseInt(serverClock.at.substring(14, 16), 10)
      + Math.floor((Date.now() - serverClock.received) / 60000);
    $('clock').textContent = ('0' + Math.floor(minutes / 60) % 24).slice(-2) + '.' + ('0' + minutes % 60).slice(-2);
  }

  /* Requests (izin, sakit, dinas luar, corrections): queued on the phone like check-ins, sent once, listed with their status. */
  function showRequests(open) {
    $('requests').hidden = !open;
    $('checkin').hidden = open;
    if (open) { loadRequests(); kindChanged(); }
  }

  function kindChanged() {
    var kind = $('req-type').value;
    var correction = kind === 'LUPA_MASUK' || kind === 'LUPA_PULANG' || kind === 'DI_LUAR_LOKASI';
    $('req-when').hidden = !correction;
    $('req-range').hidden = correction;
    $('req-punch-box').hidden = kind !== 'DI_LUAR_LOKASI';
  }

  function loadRequests() {
    send('GET', 'api/v1/requests').then(function (r) {
      if (r.status !== 200) { return; }
      var list = $('req-list');
      list.innerHTML = '';
      var pending = JSON.parse(localStorage.getItem(REQUESTS) || '[]');
      pending.forEach(function (p) {
        var li = document.createElement('li');
        li.textContent = p.label + ' ' + (p.dateFrom || p.time.substring(0, 10)) + ' — menunggu koneksi';
        list.appendChild(li);
      });
      (r.body.requests || []).forEach(function (q) {
        var li = document.createElement('li');
        li.textContent = q.label + ' ' + q.dateFrom + (q.dateTo !== q.dateFrom ? ' s.d. ' + q.dateTo : '')
          + ' — ' + (LABELS[q.status] || q.status) + (q.note ? ': ' + q.note : '');
        stepsOf(q).forEach(function (line) {
          var step = document.createElement('div');
          step.className = 'step';
          step.textContent = line;
          li.appendChild(step);
        });
        list.appendChild(li);
      });
    }, function () { /* offline: the list waits */ });
  }

  /* The approval chain, step by step, as the requester and the head read it. */
  var ACTORS = { ADMIN: 'Admin OPD', HEAD: 'Kepala', OPD_HEAD: 'Kepala OPD', BKPSDM: 'BKPSDM' };
  var STEP_LABELS = { WAITING: 'menunggu giliran', CURRENT: 'sedang diperiksa', APPROVED: 'disetujui', REJECTED: 'ditolak',
    ESCALATED: 'lewat batas waktu, diteruskan', LAPSED: 'lewat batas waktu, kedaluwarsa', CLOSED: 'tidak diperlukan' };

  function stepsOf(q) {
    return (q.steps || []).map(function (s) {
      return s.position + '. ' + ACTORS[s.actor] + (s.signer ? ' (' + s.signer + ')' : '') + ': ' + (STEP_LABELS[s.status] || s.status)
        + (s.status === 'CURRENT' && s.dueAt ? ', batas ' + new Date(s.dueAt).toLocaleString('id-ID') : '') + (s.note ? ' — ' + s.note : '');
    });
  }

  /* Persetujuan: a head (or plt) signs from the phone; the server knows who from the token, never from the page. */
  function showApprovals(open) {
    $('approvals').hidden = !open;
    $('checkin').hidden = open;
    if (open) { loadApprovals(); }
  }

  function loadApprovals() {
    send('GET', 'api/v1/approvals').then(function (r) {
      if (r.status !== 200) { return; }
      var waiting = r.body.approvals || [];
      $('approvals-open').hidden = waiting.length === 0;
      $('approvals-open').textContent = 'Persetujuan (' + waiting.length + ')';
      var list = $('ap-list');
      list.innerHTML = '';
      waiting.forEach(function (q) {
        var li = document.createElement('li');
        li.textContent = q.name + ': ' + q.label + ' ' + q.dateFrom + (q.dateTo !== q.dateFrom ? ' s.d. ' + q.dateTo : '') + ' — ' + q.reason;
        stepsOf(q).forEach(function (line) {
          var step = document.createElement('div');
          step.className = 'step';
          step.textContent = line;
          li.appendChild(step);
        });
        [['APPROVED', 'Setujui'], ['REJECTED', 'Tolak']].forEach(function (d) {
          var b = document.createElement('button');
          b.type = 'button';
          b.textContent = d[1];
          b.addEventListener('click', function () { decideApproval(q.id, d[0]); });
          li.appendChild(b);
        });
        list.appendChild(li);
      });
    }, function () { /* offline: the list waits */ });
  }

  function decideApproval(id, decision) {
    var note = $('ap-note').value.trim();
    send('POST', 'api/v1/approvals/' + id, note ? { decision: decision, note: note } : { decision: decision }).then(function (r) {
      $('ap-result').textContent = r.status === 200 ? 'Permohonan #' + id + (decision === 'APPROVED' ? ' disetujui.' : ' ditolak.')
        : (r.body && r.body.message) || 'Gagal, coba lagi.';
      if (r.status === 200) { $('ap-note').value = ''; }
      loadApprovals();
    }, function () { $('ap-result').textContent = 'Tidak ada koneksi; coba lagi.'; });
  }

  /* A photo made smaller on the phone (JPEG: a letter at most 1280 px and ~300 KB, a selfie 400 px and ~24 KB)
     before it is queued: at the quality given, lower while it is over the limit. */
  function shrink(file, side, limit, quality, done) {
    if (!file) { done(null); return; }
    var reader = new FileReader();
    reader.onload = function () {
      var img = new Image();
      img.onload = function () {
        var scale = Math.min(1, side / Math.max(img.width, img.height));
        var canvas = document.createElement('canvas');
        canvas.width = Math.round(img.width * scale);
        canvas.height = Math.round(img.height * scale);
        canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
        var data = canvas.toDataURL('image/jpeg', quality);
        while (data.length * 3 / 4 > limit && quality > 0.3) {
          quality -= 0.15;
          data = canvas.toDataURL('image/jpeg', quality);
        }
        done(data);
      };
      img.onerror = function () { done(null); };
      img.src = reader.result;
    };
    reader.readAsDataURL(file);
  }

  function submitRequest(event) {
    event.preventDefault();
    var kind = $('req-type').value;
    var correction = !$('req-when').hidden;
    var reason = $('req-reason').value.trim();
    if (!$('req-date').value || reason.length < 3 || (correction && !$('req-time').value)) {
      show('refused', 'Isi tanggal' + (correction ? ', jam' : '') + ' dan alasannya.');
      return;
    }
    $('req-send').disabled = true;
    shrink($('req-photo').files[0], 1280, MAX_PHOTO, 0.8, function (photo) {
      var request = { requestId: uuid(), type: kind, reason: reason,
                      label: $('req-type').options[$('req-type').selectedIndex].text };
      if (correction) {
        request.time = $('req-date').value + 'T' + $('req-time').value;
        if (kind === 'DI_LUAR_LOKASI') { request.punch = $('req-punch').value; }
      } else {
        request.dateFrom = $('req-date').value;
        if ($('req-date-to').value) { request.dateTo = $('req-date-to').value; }
      }
      if (photo) { request.photo = photo; }
      var pending = JSON.parse(localStorage.getItem(REQUESTS) || '[]');
      pending.push(request);
      try {
        localStorage.setItem(REQUESTS, JSON.stringify(pending));
      } catch (e) {
        show('refused', 'Ruang penyimpanan ponsel penuh; kirim tanpa foto atau saat ada sinyal.');
        $('req-send').disabled = false;
        return;
      }
      $('request-form').reset();
      kindChanged();
      $('req-send').disabled = false;
      show('waiting', 'Mengirim permohonan...');
      flushRequests();
    });
  }

  /* Sends queued requests oldest first; a retry repeats the same requestId, so each is stored once. */
  function flushRequests() {
    var pending = JSON.parse(localStorage.getItem(REQUESTS) || '[]');
    if (!pending.length) { return; }
    var request = pending[0];
    var body = {};
    Object.keys(request).forEach(function (k) { if (k !== 'label') { body[k] = request[k]; } });
    /* the requestId in a header too: a retry of a request already stored is answered without its photo being read */
    send('POST', 'api/v1/requests', body, { 'Idempotency-Key': request.requestId }).then(function (r) {
      /* TOO_FAST: sent too quickly after other requests, not refused: kept and sent again after the wait */
      if (r.status >= 500 || r.status === 0 || (r.status === 429 && r.body.error === 'TOO_FAST')) {
        show('waiting', 'Menunggu koneksi... Permohonan tersimpan di ponsel dan akan dikirim otomatis.');
        setTimeout(flushRequests, retryDelay);
        return;
      }
      if (r.status === 401 || r.status === 403) { localStorage.removeItem(REQUESTS); forget(r.body.message); return; }
      pending.shift();
      localStorage.setItem(REQUESTS, JSON.stringify(pending));
      show(r.status === 201 ? 'ok' : 'refused', r.status === 201 ? 'Permohonan terkirim, menunggu persetujuan admin OPD.'
        : (r.body.message || 'Permohonan tidak valid.'));
      loadRequests();
      flushRequests();
    }, function () {
      show('waiting', 'Menunggu koneksi... Permohonan tersimpan di ponsel dan akan dikirim otomatis.');
      setTimeout(flushRequests, retryDelay);
    });
  }

  /* Riwayat: the current and previous month as the server last gave them, kept on the phone so they open without
     signal, with the time they were read. Codes, minutes, sentences and deductions all come from the server. */
  var MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
  var WEEKDAYS = ['Min', 'Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab'];
  var rwShown = 0;
  var OFFLINE = 'tanpa koneksi, riwayat terakhir yang tersimpan';

  function kept() { try { return JSON.parse(localStorage.getItem(RIWAYAT) || 'null'); } catch (e) { return null; } }

  function showRiwayat(open) {
    $('riwayat').hidden = !open;
    $('checkin').hidden = open;
    if (!open) { return; }
    renderRiwayat(kept(), 'Memuat...');
    send('GET', 'api/v1/history').then(function (r) {
      if (r.status === 200) {
        try { localStorage.setItem(RIWAYAT, JSON.stringify(r.body)); } catch (e) { /* full: shown, not kept */ }
        renderRiwayat(r.body, r.saved ? OFFLINE : '');
      } else if (r.status === 401 || r.status === 403) {
        forget(r.body.message);
      } else {
        renderRiwayat(kept(), r.body.message || 'Server belum dapat dihubungi.');
      }
    }, function () { renderRiwayat(kept(), OFFLINE); });
  }

  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text) { e.textContent = text; }
    if (className) { e.className = className; }
    return e;
  }

  function monthName(ym) { return MONTHS[parseInt(ym.substring(5, 7), 10) - 1] + ' ' + ym.substring(0, 4); }

  function dayName(date) {
    var d = new Date(parseInt(date.substring(0, 4), 10), parseInt(date.substring(5, 7), 10) - 1, parseInt(date.substring(8, 10), 10));
    return WEEKDAYS[d.getDay()] + ' ' + date.substring(8, 10) + '/' + date.substring(5, 7);
  }

  function codeClass(code) {
    if (/^(TL|PSW)/.test(code)) { return 'code telat'; }
    if (code === 'TK') { return 'code tk'; }
    if (code === 'LIBUR' || code === 'BELUM') { return 'code libur'; }
    return 'code';
  }

  function renderRiwayat(data, note) {
    var box = $('rw-month');
    box.innerHTML = '';
    $('rw-tabs').innerHTML = '';
    $('rw-req').innerHTML = '';
    $('rw-left').textContent = '';
    if (!data) { $('rw-fetched').textContent = note || 'Riwayat belum tersedia.'; return; }
    $('rw-fetched').textContent = 'Data per ' + data.fetchedAt.substring(8, 10) + '/' + data.fetchedAt.substring(5, 7) + ' '
      + hhmm(data.fetchedAt) + (note ? ' \u2014 ' + note : '');
    var month = data.months[rwShown] || data.months[0];
    data.months.forEach(function (m, i) {
      var tab = el('button', monthName(m.month));
      tab.type = 'button';
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-selected', m === month ? 'true' : 'false');
      tab.addEventListener('click', function () { rwShown = i; renderRiwayat(data, note); });
      $('rw-tabs').appendChild(tab);
    });
    /* the month's deduction first, its lines folded (a phone's screen is for the days) */
    var d = month.deduction;
    var title = el('h3', 'Potongan TPP ' + monthName(month.month) + ' ');
    title.appendChild(el('span', d.provisional ? '(sementara)' : '(final)', d.provisional ? 'sementara' : ''));
    box.appendChild(title);
    if (!d.parts.length) { box.appendChild(el('p', 'Tidak ada potongan.')); }
    d.parts.forEach(function (part) {
      var lines = el('details');
      lines.className = 'lines';
      lines.appendChild(el('summary', 'Jumlah' + (d.parts.length > 1 ? ' (' + part.unit + ')' : '') + ': ' + part.total
        + ' \u2014 rincian ' + part.lines.length + ' baris'));
      var list = el('ul');
      part.lines.forEach(function (l) {
        list.appendChild(el('li', (l.date ? dayName(l.date) : 'Bulan ini') + ': ' + l.what + ' \u2014 ' + l.percent));
      });
      lines.appendChild(list);
      box.appendChild(lines);
    });
    var days = el('ol');
    days.id = 'rw-days';
    month.days.forEach(function (day) {
      var li = el('li');
      li.id = 'rw-' + day.date;
      li.appendChild(el('b', dayName(day.date) + ' '));
      day.codes.forEach(function (c) { li.appendChild(el('span', c, codeClass(c))); li.appendChild(document.createTextNode(' ')); });
      var times = (day.checkIn ? hhmm(day.checkIn) : '\u2013') + ' \u2013 ' + (day.checkOut ? hhmm(day.checkOut) : '\u2013');
      if (day.checkIn || day.checkOut) { li.appendChild(document.createTextNode(times)); }
      if (day.lateMin) { li.appendChild(document.createTextNode(' \u00b7 terlambat ' + day.lateMin + ' mnt')); }
      if (day.earlyMin) { li.appendChild(document.createTextNode(' \u00b7 pulang cepat ' + day.earlyMin + ' mnt')); }
      li.appendChild(el('br'));
      li.appendChild(el('small', day.explanation));
      days.appendChild(li);
    });
    if (!month.days.length) { box.appendChild(el('p', 'Belum ada catatan bulan ini.')); }
    box.appendChild(days);
    var c = data.corrections;
    $('rw-left').textContent = 'Sisa koreksi ' + monthName(c.month) + ': ' + c.left + ' dari ' + c.allowed + '.';
    $('rw-cuti').hidden = !data.annualLeave;
    $('rw-cuti').textContent = data.annualLeave ? data.annualLeave.text + '.' : '';
    c.requests.forEach(function (q) {
      var li = el('li', q.label + ' ' + q.dateFrom + (q.dateTo !== q.dateFrom ? ' s.d. ' + q.dateTo : '')
        + ' \u2014 ' + (LABELS[q.status] || q.status) + (q.note ? ': ' + q.note : ''));
      stepsOf(q).forEach(function (line) { li.appendChild(el('div', line, 'step')); });
      $('rw-req').appendChild(li);
    });
  }

  $('riwayat-open').addEventListener('click', function () { showRiwayat(true); });
  $('riwayat-close').addEventListener('click', function () { showRiwayat(false); });

  $('request-open').addEventListener('click', function () { showRequests(true); });
  $('approvals-open').addEventListener('click', function () { showApprovals(true); });
  $('approvals-close').addEventListener('click', function () { showApprovals(false); });
  $('request-close').addEventListener('click', function () { showRequests(false); });
  $('req-type').addEventListener('change', kindChanged);
  $('request-form').addEventListener('submit', submitRequest);
  window.addEventListener('online', flushRequests);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').catch(function () { /* the page works without it, online */ });
  }

  $('activate-form').addEventListener('submit', activate);
  $('punch').addEventListener('click', punch);
  $('selfie').addEventListener('change', selfieTaken);
  $('forget').addEventListener('click', function () {
    if (confirm('Lepaskan perangkat ini? Anda perlu kode aktivasi baru dari admin OPD.')) { forget(); }
  });
  window.addEventListener('online', flush);
  setInterval(tick, 10000);
  tick();
  if (token()) { loadMe(); flush(); flushRequests(); } else { showActivation(); }
})();

/* "Presensi apel": the button shows only while an apel of today is open (its window, not yet attended) and the phone
   is at one of its places; the server decides again (window, place, idempotent requestId). Its own closure at the end of app.js (one request
   fewer for the page): it reads the same token and writes only its own part of the page. */
(function () {
  'use strict';
  var TOKEN = presensiPage.TOKEN;
  var current = null; /* { apel, coords } the button is for */
  /* the latest look: an earlier one still waiting for a position (a GPS that never answers) is ignored, not waited for */
  var looks = 0;

  var $ = presensiPage.$;
  var call = presensiPage.call;
  var uuid = presensiPage.uuid;

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

/* "Ingatkan saya": Web Push. On, the page subscribes the service worker with the server's VAPID key and sends the
   subscription (endpoint and keys) with the device token; off, it unsubscribes and tells the server. The reminders the
   unit turned on then reach the phone even when the page is closed (sw.js shows them). Where the browser has no push
   (old Safari outside the home screen, a WebView), the switch stays hidden. Its own closure, as the apel's. */
(function () {
  'use strict';
  var TOKEN = presensiPage.TOKEN;

  var $ = presensiPage.$;
  var call = presensiPage.call;

  function bytes(base64url) {
    var text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((base64url.length + 3) % 4));
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) { out[i] = text.charCodeAt(i); }
    return out;
  }

  function base64url(buffer) {
    var b = new Uint8Array(buffer);
    var text = '';
    for (var i = 0; i < b.length; i++) { text += String.fromCharCode(b[i]); }
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function note(text) { $('remind-note').textContent = text; }

  function registration() { return navigator.serviceWorker.ready; }

  function subscribe() {
    var box = $('remind-on');
    box.disabled = true;
    note('Mengaktifkan pengingat...');
    Notification.requestPermission().then(function (permission) {
      if (permission !== 'granted') { throw new Error('Izin notifikasi tidak diberikan di peramban.'); }
      return call('GET', 'api/v1/push/key');
    }).then(function (r) {
      if (r.status !== 200) { throw new Error(r.body.message || 'Server belum dapat dihubungi.'); }
      return registration().then(function (reg) {
        return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(r.body.publicKey) });
      });
    }).then(function (sub) {
      return call('POST', 'api/v1/push/subscriptions', { endpoint: sub.endpoint, p256dh: base64url(sub.getKey('p256dh')),
        auth: base64url(sub.getKey('auth')) }).then(function (r) {
        if (r.status !== 201) { sub.unsubscribe(); throw new Error(r.body.message || 'Langganan ditolak server.'); }
      });
    }).then(function () {
      box.checked = true;
      note('Pengingat aktif di perangkat ini (jika unit Anda mengaktifkannya).');
    }, function (error) {
      box.checked = false;
      note('Pengingat belum aktif: ' + (error && error.message ? error.message : 'layanan push tidak terjangkau.'));
    }).then(function () { box.disabled = false; });
  }

  function unsubscribe() {
    var box = $('remind-on');
    box.disabled = true;
    registration().then(function (reg) { return reg.pushManager.getSubscription(); }).then(function (sub) {
      if (!sub) { return null; }
      return call('DELETE', 'api/v1/push/subscriptions', { endpoint: sub.endpoint }).then(function () { return sub.unsubscribe(); });
    }).then(function () { note('Pengingat dimatikan.'); }, function () { note('Pengingat belum dapat dimatikan; coba lagi.'); })
      .then(function () { box.disabled = false; });
  }

  function showSwitch() {
    if (!localStorage.getItem(TOKEN) || $('checkin').hidden) { return; }
    $('remind').hidden = false;
    registration().then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (sub) { $('remind-on').checked = !!sub && Notification.permission === 'granted'; });
  }

  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) { return; }
  $('remind-on').addEventListener('change', function () { if (this.checked) { subscribe(); } else { unsubscribe(); } });
  new MutationObserver(showSwitch).observe($('checkin'), { attributes: true, attributeFilter: ['hidden'] });
  showSwitch();
})();
