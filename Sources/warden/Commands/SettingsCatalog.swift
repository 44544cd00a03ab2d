import Dashboard
import ExecSidecar
import Gateway
import Remediation
import ReviewBot
import WardenCore

/// Every setting of every system, as one registry: the only place that knows all modules' settings, so that a file
/// key of any system is accepted by every command and the documentation lists them all.
enum SettingsCatalog {
    /// The core's settings, then each system's, in documentation order.
    static let registry = WardenConfiguration.Registry.registry.adding(
        ReviewSettings.Registry.all + ChatGatewaySettings.Registry.all + RemediationSettings.Registry.all + ExecSettings.Registry.all
            + CostSettings.Registry.all
            + DashboardSettings.Registry.all
    )
}
