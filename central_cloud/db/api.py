"""The central database api, used by the REST API and the engine.

Each function runs in its own transaction (``transaction``) and returns
detached model objects whose columns and ``site`` are loaded;
``obj.to_dict()`` gives a plain dict. Sites are named by their unique name
in every argument and filter. List functions take ``filters``, ``limit``,
``marker`` (the last item of the previous page) and ``sort_dir``. Errors are
those of ``central_cloud.db.exception``.

Built for about 10,000 sites and several engines at once: lookups go
through indexes, batches use one ``IN`` query, and state changes are
compare-and-set updates, so two engines never both win the same change.
The functions live in one module per resource; this module gathers them.
"""

from central_cloud.db import alarms
from central_cloud.db import blobs
from central_cloud.db import bundles
from central_cloud.db import claims
from central_cloud.db import commands
from central_cloud.db import desktops
from central_cloud.db import notices
from central_cloud.db import reports
from central_cloud.db import rollouts
from central_cloud.db import site_keys
from central_cloud.db import sites
from central_cloud.db import templates
from central_cloud.db import transaction

get_engine = transaction.get_engine
main_context_manager = transaction.main_context_manager

create_site = sites.create_site
get_site = sites.get_site
list_sites = sites.list_sites
update_site = sites.update_site
delete_site = sites.delete_site
mark_offline_sites = sites.mark_offline_sites
reported_templates = sites.reported_templates

IngestResult = reports.IngestResult
ingest_reports = reports.ingest_reports
get_latest_report = reports.get_latest_report
list_latest_reports = reports.list_latest_reports
list_report_history = reports.list_report_history

create_template = templates.create_template
get_template = templates.get_template
list_templates = templates.list_templates
update_template = templates.update_template
delete_template = templates.delete_template
get_site_template = templates.get_site_template
list_site_templates = templates.list_site_templates
set_site_template = templates.set_site_template

create_bundle = bundles.create_bundle
get_bundle = bundles.get_bundle
list_bundles = bundles.list_bundles
update_bundle = bundles.update_bundle
delete_bundle = bundles.delete_bundle

create_desktop = desktops.create_desktop
get_desktop = desktops.get_desktop
list_desktops = desktops.list_desktops
update_desktop = desktops.update_desktop
delete_desktop = desktops.delete_desktop
queue_server_command = desktops.queue_server_command
mark_unbuilt_deleting = desktops.mark_unbuilt_deleting
record_server = desktops.record_server

create_command = commands.create_command
get_command = commands.get_command
list_commands = commands.list_commands
command_transition = commands.command_transition
claim_pending = commands.claim_pending
RedriveResult = commands.RedriveResult
commands_to_redrive = commands.commands_to_redrive

raise_alarm = alarms.raise_alarm
clear_alarm = alarms.clear_alarm
get_alarm = alarms.get_alarm
acknowledge_alarm = alarms.acknowledge_alarm
list_alarms = alarms.list_alarms

create_notice = notices.create_notice
get_notice = notices.get_notice
list_notices = notices.list_notices
delete_notice = notices.delete_notice

PlacementSite = claims.PlacementSite
placement_sites = claims.placement_sites
latest_reports = claims.latest_reports
counting_claims = claims.counting_claims
ready_templates = claims.ready_templates
place_create = claims.place_create
record_short = claims.record_short
refuse_claim = claims.refuse_claim
release_claims = claims.release_claims
record_freed = claims.record_freed
drop_claims = claims.drop_claims
claimed_commands = claims.claimed_commands
refused_sites = claims.refused_sites
refused_sites_of = claims.refused_sites_of
list_claims = claims.list_claims
no_room_since = claims.no_room_since
delete_stale_claims = claims.delete_stale_claims

set_template_bundle = templates.set_template_bundle

record_blob = blobs.record_blob
get_blob = blobs.get_blob
stored_blobs = blobs.stored_blobs
delete_blob = blobs.delete_blob
keep_blob = blobs.keep_blob
collect_blob = blobs.collect_blob

create_rollout = rollouts.create_rollout
get_rollout = rollouts.get_rollout
list_rollouts = rollouts.list_rollouts
list_rollout_steps = rollouts.list_steps
rollouts_to_drive = rollouts.rollouts_to_drive
rollout_transition = rollouts.rollout_transition
rollout_step_transition = rollouts.step_transition
start_rollout_step = rollouts.start_step
end_waiting_rollout_steps = rollouts.end_waiting_steps
abort_rollout = rollouts.abort_rollout

create_site_key = site_keys.create_key
rotate_site_key = site_keys.rotate_key
revoke_site_keys = site_keys.revoke_keys
get_valid_site_keys = site_keys.get_valid_keys
list_site_keys = site_keys.list_keys
delete_expired_site_keys = site_keys.delete_expired_keys
