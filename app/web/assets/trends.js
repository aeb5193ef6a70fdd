// Draws each metric trend on a pipeline page with uPlot: the default branch's runs as a line,
// pull requests' runs as dots (red when they regressed); clicking a pull request's dot opens it.
// The page works without this script: the pull requests are listed as links under each chart.
(() => {
  const charts = [];
  for (const holder of document.querySelectorAll("[data-trend]")) {
    const source = document.querySelector(`script[data-trend-for="${holder.id}"]`);
    if (!source) continue;
    const trend = JSON.parse(source.textContent);
    const points = trend.points;
    const x = points.map((point) => point.at / 1000);
    const line = points.map((point) => (point.pr === undefined ? point.value : null));
    const pulls = points.map((point) =>
      point.pr !== undefined && !point.regressed ? point.value : null,
    );
    const regressed = points.map((point) => (point.regressed ? point.value : null));
    const width = Math.max(320, Math.min(900, holder.clientWidth || 720));
    const chart = new uPlot(
      {
        width,
        height: 240,
        title: trend.name,
        cursor: { points: { size: 10 } },
        series: [
          {},
          {
            label: "default branch",
            stroke: "#1f6feb",
            width: 2,
            spanGaps: true,
            points: { show: true, size: 5 },
          },
          {
            label: "pull requests",
            stroke: "#8250df",
            width: 0,
            paths: () => null,
            points: { show: true, size: 8, fill: "#8250df" },
          },
          {
            label: "regressions",
            stroke: "#cf222e",
            width: 0,
            paths: () => null,
            points: { show: true, size: 9, fill: "#cf222e" },
          },
        ],
      },
      [x, line, pulls, regressed],
      holder,
    );
    chart.over.addEventListener("click", () => {
      const index = chart.cursor.idx;
      const point = index === null || index === undefined ? undefined : points[index];
      if (point?.href) window.location.assign(point.href);
    });
    charts.push({ name: trend.name, chart, points });
  }
  // For tests and for people poking at the page from the console.
  window.coxswainCharts = charts;
})();
