package io.footfall.metadata.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The metadata store on PostgreSQL, the cluster-mode engine: same contract, same SQL. */
class JdbcMetadataStoreOnPostgresTest extends JdbcMetadataStoreTest {
  @RegisterExtension static final PostgresServer postgres = new PostgresServer();

  @Override
  protected ConnectionSource emptyDatabase() {
    return postgres.freshSchema();
  }
}
