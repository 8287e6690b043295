/** The Vert.x service shell: layered configuration, health and readiness, Prometheus metrics. */
package io.editstream.service;
