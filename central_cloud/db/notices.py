"""Notices (announcements) that central pushes to sites."""

from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils


def create_notice(title, body, targets=None):
    """Create a notice; targets as for bundles ({} means every site)."""
    notice = models.Notice(title=utils.check_text('title', title),
                           body=utils.check_text('body', body, length=65535),
                           targets=utils.check_targets(targets))
    with transaction.writer() as session:
        session.add(notice)
        session.flush()
    return notice


def _notice(session, notice_id):
    notice = session.get(models.Notice, notice_id)
    if notice is None:
        raise exception.NotFound('notice', notice_id)
    return notice


def get_notice(notice_id):
    with transaction.reader() as session:
        return _notice(session, notice_id)


def list_notices(limit=None, marker=None, sort_dir='desc'):
    """Notices, newest first by default; ``marker`` is the last id."""
    notice = models.Notice
    with transaction.reader() as session:
        marker_row = utils.marker_row(session, notice, 'notice', marker,
                                      notice.id == marker)
        return utils.paginate(session.query(notice), notice, ['id'], limit,
                              marker_row, sort_dir)


def delete_notice(notice_id):
    with transaction.writer() as session:
        session.delete(_notice(session, notice_id))
