package dev.kctl.apiserver;

import dev.kctl.apiserver.Authorizer.Identity;
import java.util.Optional;

/** Maps a bearer token to who sent it; empty for an unknown token. */
@FunctionalInterface
interface Authenticator {
  Optional<Identity> authenticate(String bearerToken);
}
