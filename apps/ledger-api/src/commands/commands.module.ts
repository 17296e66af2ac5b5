import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { RegisterSourceHandler } from './register-source/register-source.command';
import { RegisterSourceController } from './register-source/register-source.controller';
import { ActorResolver } from './shared/actor-resolver';
import { CommandOutcomeInterceptor } from './shared/command-outcome.interceptor';
import { DecideAndAppend } from './shared/decide-and-append';

/**
 * The command side: one POST route per domain command. The CommandBus only dispatches; every
 * handler goes through DecideAndAppend, and persisted events go to the event store, never
 * through @nestjs/cqrs's in-memory EventBus.
 */
@Module({
  imports: [CqrsModule],
  controllers: [RegisterSourceController],
  providers: [ActorResolver, DecideAndAppend, { provide: APP_INTERCEPTOR, useClass: CommandOutcomeInterceptor }, RegisterSourceHandler],
})
export class CommandsModule {}
