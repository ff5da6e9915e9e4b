//! Work the server does by itself, on a timer.

use std::time::Duration;

use crate::auth::unix_now_ms;
use crate::state::AppState;

/// How often old removals are looked for.
const PURGE_EVERY: Duration = Duration::from_secs(6 * 60 * 60);

/// Forgets removals older than `retention` from the change feed, at start and then every
/// [`PURGE_EVERY`], for as long as the runtime runs. Devices whose cursor is older then start
/// their download over (`reset_required`), keeping their outbox.
pub async fn purge_old_removals(state: AppState, retention: Duration) {
    let mut ticks = tokio::time::interval(PURGE_EVERY);
    loop {
        ticks.tick().await;
        let cutoff_ms = unix_now_ms().saturating_sub(i64::try_from(retention.as_millis()).unwrap_or(i64::MAX));
        match state.store(move |store| store.purge_removals_older_than(cutoff_ms)).await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "forgot removals older than the retention period"),
            Err(error) => tracing::error!(?error, "forgetting old removals failed; trying again later"),
        }
    }
}
