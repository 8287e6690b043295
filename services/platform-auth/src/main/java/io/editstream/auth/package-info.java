/** Who is calling an EditStream API, for which tenant, and how much that tenant may ask of it. */
package io.editstream.auth;
