/** The shell every model stage service shares: settings and a verticle around a stage loop. */
package io.editstream.stage;
