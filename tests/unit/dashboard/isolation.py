"""Undo what Horizon's test data does to other libraries' exceptions.

Horizon's test data (``openstack_dashboard.test.test_data.exceptions``)
replaces ``__init__`` and ``__str__`` of keystoneauth's, openstacksdk's
and the clients' exception classes, for good, in the whole process. The
other unit tests share that process, and these tests want the real
messages: ``restore()`` puts the classes back as ``snapshot()`` found
them.
"""

from cinderclient import exceptions as cinder_exceptions
import glanceclient.exc as glance_exceptions
from keystoneclient import exceptions as keystone_exceptions
from novaclient import exceptions as nova_exceptions
from openstack import exceptions as sdk_exceptions
from swiftclient import client as swift_exceptions

CLASSES = (keystone_exceptions.Unauthorized,
           keystone_exceptions.ClientException,
           nova_exceptions.ClientException, nova_exceptions.Unauthorized,
           glance_exceptions.ClientException, sdk_exceptions.SDKException,
           swift_exceptions.ClientException, cinder_exceptions.BadRequest)
ATTRIBUTES = ('__init__', '__str__', 'silence_logging')
_MISSING = object()
_saved = {}


def snapshot():
    for cls in CLASSES:
        _saved[cls] = {name: cls.__dict__.get(name, _MISSING)
                       for name in ATTRIBUTES}


def restore():
    for cls, attributes in _saved.items():
        for name, value in attributes.items():
            if value is _MISSING:
                if name in cls.__dict__:
                    delattr(cls, name)
            elif cls.__dict__.get(name, _MISSING) is not value:
                setattr(cls, name, value)
