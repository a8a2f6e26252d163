package io.footfall.store.duckdb;

import io.footfall.core.people.PeopleContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The people contract with the people list's first try reading only two recent rows per person
 * asked, so that its pages come now from the recent rows and now from the statement over all rows.
 */
class DuckDbPeopleRecentRowsTest extends PeopleContract<DuckDbStore> {
  @TempDir Path dir;

  private int perPerson;
  private int atLeast;

  @BeforeEach
  void fewRecentRows() {
    perPerson = DuckDbPeople.recentPerPerson;
    atLeast = DuckDbPeople.recentAtLeast;
    DuckDbPeople.recentPerPerson = 2;
    DuckDbPeople.recentAtLeast = 1;
  }

  @AfterEach
  void restore() {
    DuckDbPeople.recentPerPerson = perPerson;
    DuckDbPeople.recentAtLeast = atLeast;
  }

  @Override
  protected DuckDbStore openStore() {
    return DuckDbStore.open(dir.resolve("footfall.duckdb"));
  }
}
