package io.relata.core.reference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.persistence.Transactions;

/** Start-up seeding: adds the rows a new installation needs and leaves the ones that exist as they are. */
final class Seeding {

    private static final Logger LOG = LoggerFactory.getLogger(Seeding.class);

    /** How often to try again when another node seeds the same database at the same moment. */
    private static final int ATTEMPTS = 5;

    private Seeding() {
    }

    /** Runs the seeding in one transaction, again when a clash with another node's rows made it fail. */
    static void run(Transactions transactions, String what, Runnable seeding) {
        for (int attempt = 1; ; attempt++) {
            try {
                transactions.required(() -> {
                    seeding.run();
                    return null;
                });
                return;
            } catch (RuntimeException clash) {
                // the other node's rows win (primary keys); the next attempt finds them and skips them
                if (attempt == ATTEMPTS) {
                    throw clash;
                }
                LOG.info("Seeding {} collided with another node ({}); trying again", what, clash.getMessage());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw clash;
                }
            }
        }
    }
}
