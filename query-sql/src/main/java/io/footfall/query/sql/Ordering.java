package io.footfall.query.sql;

import io.footfall.core.query.Formulas;
import io.footfall.core.query.Metric;
import io.footfall.core.query.Order;
import java.util.ArrayList;
import java.util.List;

/**
 * The final ORDER BY: the query's keys (metrics by their exact {@link Formulas.SortKey}, nulls
 * last), then every dimension ascending so that pages are stable; without keys, time ascending or
 * else the first metric descending.
 */
final class Ordering {
  private final Plan plan;

  Ordering(Plan plan) {
    this.plan = plan;
  }

  String orderBy() {
    List<String> keys = new ArrayList<>();
    if (plan.q.orderBy().isEmpty()) {
      int time = -1;
      for (int i = 0; i < plan.dims.size(); i++) {
        if (plan.dims.get(i).isTime()) {
          time = i;
          break;
        }
      }
      if (time >= 0) {
        keys.add("d" + time + " ASC");
      } else {
        keys.add(sortExpression(plan.q.metrics().get(0)) + " DESC NULLS LAST");
      }
    } else {
      for (Order o : plan.q.orderBy()) {
        keys.add(sortKey(o.by()) + (o.descending() ? " DESC" : " ASC") + " NULLS LAST");
      }
    }
    for (int i = 0; i < plan.dims.size(); i++) {
      keys.add("d" + i + " ASC");
    }
    return String.join(", ", keys);
  }

  private String sortKey(String by) {
    for (int i = 0; i < plan.dims.size(); i++) {
      if (plan.dims.get(i).apiName().equals(by)) {
        return "d" + i;
      }
    }
    for (Metric m : plan.q.metrics()) {
      if (m.apiName().equals(by)) {
        return sortExpression(m);
      }
    }
    throw new IllegalArgumentException("order_by names '" + by + "', which the query lacks");
  }

  private String sortExpression(Metric m) {
    int i = plan.q.metrics().indexOf(m);
    return PartColumns.sortExpression(Formulas.sortKey(m, i), plan.dialect);
  }
}
