package io.footfall.server.access;

/**
 * Checks a principal's permission and turns a refusal into the right answer: 401 for nobody, 404
 * for what is not the principal's to know about, 403 for what its role may not do.
 */
public final class Access {
  private Access() {}

  /**
   * @param what how the object is named in a 404, e.g. {@code site 's_1'}
   * @throws AccessException unless the policy allows the action
   */
  public static void require(
      Principal principal,
      Permission permission,
      String organizationId,
      String siteId,
      String what) {
    if (principal instanceof Principal.Anonymous) {
      throw AccessException.unauthenticated(
          "sign in, or send an API key as 'Authorization: Bearer <key>'");
    }
    switch (AccessPolicy.decide(principal, permission, organizationId, siteId)) {
      case ALLOWED -> {}
      case HIDDEN -> throw AccessException.notFound(what);
      case DENIED ->
          throw AccessException.denied(
              describe(principal)
                  + " may not "
                  + permission.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }
  }

  private static String describe(Principal principal) {
    return switch (principal) {
      case Principal.Member m -> "this member";
      case Principal.Key k -> "API key " + k.key().prefix() + " (scopes " + k.key().scopes() + ")";
      case Principal.Link l -> "a shared link";
      case Principal.Installation i -> "the installation";
      case Principal.Anonymous a -> "nobody";
    };
  }
}
