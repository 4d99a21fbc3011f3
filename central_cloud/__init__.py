"""desktop-federation's central service.

Central manages every branch site over the WAN: its REST API, its engine
(dispatcher, auditor, placer, rollouts), its database and the versioned
protocol it shares with the site agents live in the subpackages here.
``report_summary`` condenses a site's monitoring report; the engine stores
the summary and the API shows it.
"""
