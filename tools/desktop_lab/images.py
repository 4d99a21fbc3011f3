"""Small raw images for smoke tests, the demo and seeded templates."""

IMAGE_NAME = 'lab-tiny'
DATA = b'\0' * 65536


def _ensure(conn, name, **properties):
    """An active image called name, made afresh if it is not active."""
    image = conn.image.find_image(name)
    if image is not None and image.status == 'active':
        return image
    if image is not None:
        conn.image.delete_image(image)
    return conn.image.create_image(
        name=name, data=DATA, disk_format='raw', container_format='bare',
        visibility='public', wait=True, allow_duplicates=True, **properties)


def ensure_tiny_image(conn, name=IMAGE_NAME):
    return _ensure(conn, name)


def ensure_template_image(conn, template_type, version=1):
    """A ready template of template_type in this region's Glance.

    Stands in for a template the site has built before, until sites build
    their own from bundles.
    """
    return _ensure(conn, 'lab-template-%s-v%d' % (template_type, version),
                   desktop_template_type=template_type,
                   desktop_template_version=str(version))
