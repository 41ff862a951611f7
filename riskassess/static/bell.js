// The bell's count of unread notifications: fetched, since a page may come from the cache.
(function () {
  var count = document.getElementById("bell-count");
  if (!count) { return; }
  fetch(count.dataset.url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.unread) { return; }
      count.textContent = data.unread;
      count.hidden = false;
      var bell = document.getElementById("bell");
      bell.setAttribute("aria-label", bell.dataset.labelUnread.replace("{count}", data.unread));
    })
    .catch(function () { /* the link still leads to the list */ });
}());
