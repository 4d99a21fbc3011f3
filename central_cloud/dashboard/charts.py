"""A site's usage trend as SVG, from its report history.

``usage_points(history)`` turns the history entries of
``GET /v1/monitoring/{site}?history=N`` into points ``(time, {resource:
percent used})``; ``trend_svg(points)`` draws one line per resource on a
0-100 % scale (``class="trend-chart"``, one ``trend-series`` path per
resource). Drawn on the server: no chart library is loaded in the page.
"""

import datetime
import html

WIDTH = 720
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 44, 110, 14, 30

# Key, label, colour and dashes (lines that coincide stay visible).
SERIES = (
    ('VCPU', 'vCPU', '#1565c0', ''),
    ('MEMORY_MB', 'RAM', '#2e7d32', ''),
    ('DISK_GB', 'Disk', '#ef6c00', '6 4'),
)


def parse_time(text):
    """An API timestamp as an aware datetime, or None."""
    if not text:
        return None
    try:
        when = datetime.datetime.fromisoformat(str(text).replace('Z',
                                                                 '+00:00'))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when


def percent_used(resource):
    """Used share of a summed resource, in percent (None if unknown)."""
    if not isinstance(resource, dict):
        return None
    total = (resource.get('total') or 0) - (resource.get('reserved') or 0)
    if total <= 0:
        return None
    return max(0.0, min(100.0, 100.0 * (resource.get('used') or 0) / total))


def usage_points(history):
    """``[(datetime, {resource: percent})]`` in time order."""
    points = []
    for entry in history or []:
        summary = entry.get('summary') or {}
        when = parse_time(entry.get('received_at') or
                          summary.get('sent_at'))
        if when is None:
            continue
        resources = summary.get('resources') or {}
        values = {}
        for key, _, _, _ in SERIES:
            value = percent_used(resources.get(key))
            if value is not None:
                values[key] = value
        points.append((when, values))
    points.sort(key=lambda p: p[0])
    return points


def _clock(when):
    return when.astimezone(datetime.timezone.utc).strftime('%H:%M:%S')


def trend_svg(points, width=WIDTH, height=HEIGHT):
    """The chart's SVG text; a short note instead when too few points."""
    plot_w = width - LEFT - RIGHT
    plot_h = height - TOP - BOTTOM
    out = ['<svg class="trend-chart" xmlns="http://www.w3.org/2000/svg" '
           'viewBox="0 0 %d %d" width="100%%" role="img" '
           'aria-label="Usage trend" data-points="%d">'
           % (width, height, len(points)),
           '<style>.trend-axis{stroke:#90a4ae;stroke-width:1}'
           '.trend-grid{stroke:#eceff1;stroke-width:1}'
           '.trend-text{fill:#546e7a;font-size:11px}'
           '.trend-series{fill:none;stroke-width:2}</style>']
    for pct in (0, 25, 50, 75, 100):
        y = TOP + plot_h * (1 - pct / 100.0)
        out.append('<line class="trend-grid" x1="%d" y1="%.1f" x2="%d" '
                   'y2="%.1f"/><text class="trend-text" x="%d" y="%.1f" '
                   'text-anchor="end">%d%%</text>'
                   % (LEFT, y, LEFT + plot_w, y, LEFT - 6, y + 4, pct))
    out.append('<line class="trend-axis" x1="%d" y1="%d" x2="%d" y2="%d"/>'
               % (LEFT, TOP + plot_h, LEFT + plot_w, TOP + plot_h))
    if len(points) < 2:
        out.append('<text class="trend-text trend-empty" x="%d" y="%d" '
                   'text-anchor="middle">Not enough reports yet for a '
                   'trend (%d so far)</text></svg>'
                   % (LEFT + plot_w / 2, TOP + plot_h / 2, len(points)))
        return ''.join(out)
    start, end = points[0][0], points[-1][0]
    span = (end - start).total_seconds() or 1.0

    def xy(when, pct):
        x = LEFT + plot_w * (when - start).total_seconds() / span
        return x, TOP + plot_h * (1 - pct / 100.0)

    legend_y = TOP + 8
    for key, label, colour, dashes in SERIES:
        coords = [xy(when, values[key]) for when, values in points
                  if key in values]
        if not coords:
            continue
        last = [values[key] for _, values in points if key in values][-1]
        out.append('<path class="trend-series" data-series="%s" '
                   'stroke="%s" stroke-dasharray="%s" d="M%s">'
                   '<title>%s used</title></path>'
                   % (key, colour, dashes,
                      'L'.join('%.1f,%.1f' % c for c in coords), label))
        out.append('<rect x="%d" y="%d" width="12" height="4" fill="%s"/>'
                   '<text class="trend-text" x="%d" y="%d">%s %.0f%%</text>'
                   % (LEFT + plot_w + 12, legend_y - 4, colour,
                      LEFT + plot_w + 28, legend_y + 1, html.escape(label),
                      last))
        legend_y += 18
    out.append('<text class="trend-text" x="%d" y="%d">%s</text>'
               '<text class="trend-text" x="%d" y="%d" text-anchor="end">'
               '%s UTC</text></svg>'
               % (LEFT, height - 8, _clock(start), LEFT + plot_w, height - 8,
                  _clock(end)))
    return ''.join(out)
