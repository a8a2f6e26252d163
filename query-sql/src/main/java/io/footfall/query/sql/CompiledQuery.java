package io.footfall.query.sql;

import java.util.List;

/**
 * SQL the {@link QueryCompiler} produced, with its parameters in the order of their {@code ?}.
 *
 * @param sql the statement
 * @param parameters the values to bind, first to last
 */
public record CompiledQuery(String sql, List<Object> parameters) {
  public CompiledQuery {
    parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
  }
}
