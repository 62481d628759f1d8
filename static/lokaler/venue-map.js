/* Progressive enhancement: a map of the venues in the result list, on the map tiles named
   by the MAP_TILE_URL setting (Kartverket's topographic map in production; the page has no
   map when it is empty). The list stays the real content; without JavaScript (or Leaflet)
   nothing changes. On narrow screens the map comes after the list, so results come first.
   Venues that would overlap at the current zoom share one marker, so every marker is a
   24 px target. */
(function () {
  "use strict";
  var L = window.L;
  var list = document.querySelector("[data-venue-map]");
  if (!list || typeof L === "undefined") {
    return;
  }
  var venues = [];
  Array.prototype.forEach.call(list.querySelectorAll("[data-lat][data-lon]"), function (item) {
    var lat = parseFloat(item.getAttribute("data-lat"));
    var lon = parseFloat(item.getAttribute("data-lon"));
    var link = item.querySelector("a");
    if (!isNaN(lat) && !isNaN(lon) && link) {
      venues.push({ latlng: L.latLng(lat, lon), name: link.textContent.trim(), href: link.getAttribute("href") });
    }
  });
  if (!venues.length) {
    return;
  }
  var tileUrl = list.getAttribute("data-tile-url");
  if (!tileUrl) {
    return;
  }
  var container = document.createElement("div");
  container.className = "venue-map";
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", list.getAttribute("data-map-label") || "");
  if (window.matchMedia("(max-width: 59.99rem)").matches) {
    list.parentNode.insertBefore(container, list.nextSibling);
  } else {
    list.parentNode.insertBefore(container, list);
  }

  var map = L.map(container, {
    attributionControl: false,
    scrollWheelZoom: false,
    zoomControl: false,
    fadeAnimation: false,
  });
  // Plain ASCII labels: axe cannot judge the contrast of Leaflet's default minus sign.
  L.control
    .zoom({
      zoomInText: "+",
      zoomOutText: "-",
      zoomInTitle: list.getAttribute("data-zoom-in") || "+",
      zoomOutTitle: list.getAttribute("data-zoom-out") || "-",
    })
    .addTo(map);
  L.control.attribution({ prefix: false }).addTo(map);
  L.tileLayer(tileUrl, {
    attribution: list.getAttribute("data-tile-attribution") || "",
    maxZoom: 18,
    minZoom: 5,
  }).addTo(map);
  var layer = L.layerGroup().addTo(map);

  function popupFor(group) {
    var listElement = document.createElement("ul");
    listElement.className = "venue-map__popup";
    group.forEach(function (venue) {
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.className = "pkt-link";
      link.href = venue.href;
      link.textContent = venue.name;
      entry.appendChild(link);
      listElement.appendChild(entry);
    });
    return listElement;
  }

  function draw() {
    layer.clearLayers();
    var groups = [];
    venues.forEach(function (venue) {
      var point = map.latLngToLayerPoint(venue.latlng);
      var near = null;
      groups.forEach(function (group) {
        if (!near && group.point.distanceTo(point) < 30) {
          near = group;
        }
      });
      if (near) {
        near.venues.push(venue);
      } else {
        groups.push({ point: point, latlng: venue.latlng, venues: [venue] });
      }
    });
    groups.forEach(function (group) {
      var label = group.venues.map(function (venue) { return venue.name; }).join(", ");
      var count = group.venues.length;
      var marker = L.marker(group.latlng, {
        icon: L.divIcon({
          className: "venue-map__marker",
          iconSize: [24, 24],
          html: count > 1 ? String(count) : "",
        }),
        title: label,
        keyboard: true,
      }).addTo(layer);
      var element = marker.getElement();
      if (element) {
        element.setAttribute("aria-label", label);
      }
      marker.bindPopup(popupFor(group.venues), { closeButton: false });
    });
  }

  map.fitBounds(
    venues.map(function (venue) { return venue.latlng; }),
    { padding: [30, 30], maxZoom: 14 }
  );
  draw();
  map.on("zoomend", draw);
})();
