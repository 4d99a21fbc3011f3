"""Which of the REST client's errors Horizon shows as messages.

For the enabled file's ``ADD_EXCEPTIONS``; this module imports nothing of
Django, as the enabled files load while the settings are read. A 404
also drops a table row that an ajax refresh asked for.
"""

from keystoneauth1 import exceptions as ks_exceptions

from central_cloud.osc import exceptions as rest_exceptions

NOT_FOUND = (rest_exceptions.NotFound, rest_exceptions.NotFoundByName)
# Error answers of central, and a central that cannot be reached.
RECOVERABLE = (rest_exceptions.ClientError, ks_exceptions.ClientException)
