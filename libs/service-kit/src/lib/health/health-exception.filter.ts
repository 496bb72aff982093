import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';

/**
 * Health answers keep terminus' own body and status (503 naming each failing check), whatever
 * error shape an app's global filter gives its other routes: load balancers and operators read
 * this one. (`status().send()`: Express's response and Fastify's reply both have them.)
 */
@Catch(HttpException)
export class HealthExceptionFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost) {
    host
      .switchToHttp()
      .getResponse<{ status(code: number): { send(body: unknown): void } }>()
      .status(exception.getStatus())
      .send(exception.getResponse());
  }
}
