"""What a cloud back end offers the executor and the monitors.

Servers, flavors, images, services and resource providers travel as plain
dicts, so the executor does not depend on one client library:

* server: ``id``, ``name``, ``status``, ``task_state``, ``metadata``,
  ``fault`` (``{'code', 'message', 'details'}`` or ``None``)
* flavor: ``id``, ``name`` (and, from ``flavors()``, ``vcpus``, ``ram``
  in MB, ``disk`` in GB); image: ``id``, ``name``, ``status``,
  ``properties``, ``checksum``
* service: ``host``, ``state`` (up/down), ``status`` (enabled/disabled)
* compute node: ``id`` (its resource provider uuid), ``name``, ``host``
* resource provider: ``uuid``, ``name``, ``inventories`` (placement's,
  per resource class), ``usages`` (per class), ``consumers`` (a count)
"""

import abc


class CloudError(Exception):
    """The cloud refused or failed a request; ``str()`` is its message.

    ``fault`` is ``{'code', 'message'[, 'details']}`` when the cloud said
    why (Nova's own words), for the command's result.
    """

    def __init__(self, message, fault=None):
        super().__init__(message)
        self.fault = fault


class NotFound(CloudError):
    """The resource does not exist."""


class Conflict(CloudError):
    """The resource is not in a state that allows the request."""


class Unavailable(CloudError):
    """The service could not be reached; worth trying again later."""


class CloudBackend(abc.ABC):
    """The operations the agent needs from its site cloud."""

    def __init__(self, conf):
        self.conf = conf

    @abc.abstractmethod
    def check(self):
        """Raise ``CloudError`` if the site cloud cannot be used."""

    @abc.abstractmethod
    def find_flavor(self, name_or_id):
        """The flavor, or ``None``."""

    def flavors(self):
        """Every flavor the agent can see, with its size."""
        raise CloudError('this back end cannot list flavors')

    @abc.abstractmethod
    def get_image(self, image_id):
        """The image, or ``None``."""

    @abc.abstractmethod
    def images(self):
        """Every image the agent can see."""

    @abc.abstractmethod
    def find_network(self, name_or_id):
        """The network's id, or ``None``."""

    @abc.abstractmethod
    def servers_by_tag(self, tag):
        """The servers that carry the server tag ``tag``."""

    @abc.abstractmethod
    def create_server(self, name, flavor_id, image_id, network_id,
                      scheduler_hints, metadata, tags):
        """Ask for one server; returns it (usually still in BUILD)."""

    @abc.abstractmethod
    def get_server(self, server_id):
        """The server, or ``None`` once it is gone."""

    @abc.abstractmethod
    def server_action(self, server_id, action):
        """Run ``action``: stop, start, suspend, resume or delete."""

    @abc.abstractmethod
    def compute_services(self):
        """The nova-compute services."""

    @abc.abstractmethod
    def compute_nodes(self):
        """The compute nodes (hypervisors) and their hosts."""

    @abc.abstractmethod
    def resource_providers(self):
        """The root resource providers, with inventories and usages."""
