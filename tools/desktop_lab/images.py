"""A tiny raw image for smoke tests and the demo."""

IMAGE_NAME = 'lab-tiny'
DATA = b'\0' * 65536


def ensure_tiny_image(conn, name=IMAGE_NAME):
    image = conn.image.find_image(name)
    if image is not None and image.status == 'active':
        return image
    if image is not None:
        conn.image.delete_image(image)
    return conn.image.create_image(
        name=name, data=DATA, disk_format='raw', container_format='bare',
        visibility='public', wait=True, allow_duplicates=True)


def ensure_template_image(conn, template_type, version=1):
    """A ready template of template_type in this region's Glance.

    Stands in for a template the site has built before, until sites build
    their own from bundles.
    """
    name = 'lab-template-%s-v%d' % (template_type, version)
    image = conn.image.find_image(name)
    if image is not None and image.status == 'active':
        return image
    if image is not None:
        conn.image.delete_image(image)
    return conn.image.create_image(
        name=name, data=DATA, disk_format='raw', container_format='bare',
        visibility='public', wait=True, allow_duplicates=True,
        desktop_template_type=template_type,
        desktop_template_version=str(version))
