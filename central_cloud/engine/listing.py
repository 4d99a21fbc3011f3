"""Read every row of a DB api list, a page at a time."""

PAGE = 1000


def every(list_fn, marker_of, filters=None, page=PAGE, **kwargs):
    """Yield all rows of ``list_fn`` in its order.

    ``marker_of(row)`` is the marker that continues after ``row``.
    """
    marker = None
    while True:
        if filters is not None:
            kwargs['filters'] = filters
        rows = list_fn(limit=page, marker=marker, **kwargs)
        yield from rows
        if len(rows) < page:
            return
        marker = marker_of(rows[-1])
